package org.flyte.copilot.core.storage.s3;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.regex.Pattern;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;

/**
 * The settings of one S3 backend, validated from stow {@code s3} config keys (CONTRACT.md §5.3).
 * Secrets never appear in {@link #toString()} or in error messages.
 *
 * @param endpoint custom endpoint (MinIO, s3proxy...), addressed path-style; null for AWS itself
 * @param configKey the config section these settings came from, e.g. {@code storage.stow}; error
 *     messages name {@code <configKey>.config.<key>}
 */
public record S3StoreConfig(
    AuthType authType,
    String accessKeyId,
    String secretKey,
    String sessionToken,
    String region,
    URI endpoint,
    String configKey) {

  /** How the backend finds its credentials. */
  public enum AuthType {
    /** Static keys from the config ({@code access_key_id}, {@code secret_key}, optional {@code token}). */
    ACCESSKEY,
    /** The AWS default chain: environment, profile, web identity (IRSA), container/pod identity, IMDS. */
    IAM
  }

  public static final String DEFAULT_REGION = "us-east-1";
  private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public S3StoreConfig {
    accessKeyId = accessKeyId == null ? "" : accessKeyId;
    secretKey = secretKey == null ? "" : secretKey;
    sessionToken = sessionToken == null ? "" : sessionToken;
    region = region == null || region.isEmpty() ? DEFAULT_REGION : region;
    configKey = configKey == null ? "storage.stow" : configKey;
  }

  /**
   * Reads and checks the stow keys {@code auth_type}, {@code access_key_id}, {@code secret_key},
   * {@code secret_key_path}, {@code token}, {@code region}, {@code endpoint}, {@code disable_ssl}
   * ({@code v2_signing} is accepted and ignored: the SDK always signs with SigV4). Touches no network.
   *
   * @throws ConfigException naming the offending key
   */
  public static S3StoreConfig fromStow(StowConfig stow, String configKey) {
    String section = configKey + ".config.";
    String auth = stow.get("auth_type").trim().toLowerCase(Locale.ROOT);
    AuthType authType;
    switch (auth) {
      case "", "accesskey" -> authType = AuthType.ACCESSKEY;
      case "iam" -> authType = AuthType.IAM;
      default -> throw new ConfigException(section + "auth_type",
          "invalid auth_type [" + stow.get("auth_type") + "]; allowed: accesskey, iam");
    }

    String secret = stow.get("secret_key");
    String secretPath = stow.get("secret_key_path");
    if (!secretPath.isEmpty()) {
      secret = readSecretFile(section + "secret_key_path", secretPath);
    }
    String accessKey = stow.get("access_key_id");
    if (authType == AuthType.ACCESSKEY) {
      if (accessKey.isEmpty()) {
        throw new ConfigException(section + "access_key_id",
            "missing Access Key ID (auth_type accesskey needs access_key_id and secret_key; "
                + "use auth_type iam for the AWS default credential chain)");
      }
      if (secret.isEmpty()) {
        throw new ConfigException(secretPath.isEmpty() ? section + "secret_key" : section + "secret_key_path",
            secretPath.isEmpty() ? "missing Secret Key (auth_type accesskey needs access_key_id and secret_key)"
                : "missing Secret Key: the file " + secretPath + " is empty");
      }
    }

    String region = stow.get("region").trim();
    if (!region.isEmpty() && !REGION.matcher(region).matches()) {
      throw new ConfigException(section + "region",
          "invalid region [" + region + "]; expected a region name such as us-east-1");
    }
    boolean disableSsl = stow.get("disable_ssl").trim().equalsIgnoreCase("true");
    URI endpoint = parseEndpoint(section + "endpoint", stow.get("endpoint").trim(), disableSsl);
    return new S3StoreConfig(authType, accessKey, secret, stow.get("token"), region, endpoint, configKey);
  }

  /** Static credentials for tests and tools: access key auth against {@code endpoint}. */
  public static S3StoreConfig ofAccessKey(URI endpoint, String region, String accessKeyId, String secretKey) {
    return new S3StoreConfig(AuthType.ACCESSKEY, accessKeyId, secretKey, "", region, endpoint, "storage.stow");
  }

  private static String readSecretFile(String key, String path) {
    try {
      Path p = Paths.get(path);
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new ConfigException(key, "secret key path does not exist: " + path);
    } catch (IOException | java.nio.file.InvalidPathException e) {
      // the exception text names the path and the OS reason, never the content
      throw new ConfigException(key, "cannot read the secret key file " + path + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  private static URI parseEndpoint(String key, String endpoint, boolean disableSsl) {
    if (endpoint.isEmpty()) {
      return null;
    }
    // aws-sdk-go (used by Flyte) adds the scheme from disable_ssl when the endpoint has none
    String withScheme = endpoint.contains("://") ? endpoint : (disableSsl ? "http://" : "https://") + endpoint;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new ConfigException(key, "invalid endpoint [" + endpoint + "]: " + e.getReason()
          + "; expected a URL such as http://minio:9000");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new ConfigException(key, "invalid endpoint [" + endpoint + "]; expected a URL such as http://minio:9000");
    }
    return uri;
  }

  @Override
  public String toString() {
    return "S3StoreConfig[authType=" + authType + ", accessKeyId=" + (accessKeyId.isEmpty() ? "" : "<set>")
        + ", secretKey=" + (secretKey.isEmpty() ? "" : "<redacted>") + ", sessionToken="
        + (sessionToken.isEmpty() ? "" : "<redacted>") + ", region=" + region + ", endpoint=" + endpoint
        + ", configKey=" + configKey + "]";
  }
}
