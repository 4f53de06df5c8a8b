package org.flyte.copilot.core.config;

/** Flyte 1's legacy {@code storage.connection} section (S3/MinIO settings). */
public record ConnectionConfig(
    String endpoint, String authType, String accessKey, String secretKey, String region, boolean disableSsl) {

  public boolean isSet() {
    return !endpoint.isEmpty() || !accessKey.isEmpty() || !secretKey.isEmpty();
  }

  /** The same settings in stow {@code s3} form. */
  public StowConfig toStow() {
    var m = new java.util.LinkedHashMap<String, String>();
    m.put("auth_type", authType.isEmpty() ? "iam" : authType);
    m.put("region", region.isEmpty() ? "us-east-1" : region);
    if (!endpoint.isEmpty()) {
      m.put("endpoint", endpoint);
    }
    if (!accessKey.isEmpty()) {
      m.put("access_key_id", accessKey);
    }
    if (!secretKey.isEmpty()) {
      m.put("secret_key", secretKey);
    }
    if (disableSsl) {
      m.put("disable_ssl", "true");
    }
    return new StowConfig("s3", m);
  }

  @Override
  public String toString() {
    return "ConnectionConfig[endpoint=" + endpoint + ", authType=" + authType + ", accessKey="
        + (accessKey.isEmpty() ? "" : "<set>") + ", secretKey=" + (secretKey.isEmpty() ? "" : "<redacted>")
        + ", region=" + region + ", disableSsl=" + disableSsl + "]";
  }
}
