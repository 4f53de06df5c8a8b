package org.flyte.copilot.core.storage.gcs;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.config.ConfigException;

/**
 * Checks a credentials JSON ({@code json} config key) before the Google client sees it, so a bad key
 * is reported as one line naming the config key and the missing field, never echoing key material.
 */
final class GcsKeys {
  /** Fields each credential type must carry (google-auth's file formats). */
  private static final Map<String, List<String>> REQUIRED = Map.of(
      "service_account", List.of("client_email", "private_key"),
      "authorized_user", List.of("client_id", "client_secret", "refresh_token"),
      "external_account", List.of("audience", "subject_token_type"),
      "external_account_authorized_user", List.of("audience", "client_id", "client_secret", "refresh_token"),
      "impersonated_service_account", List.of("service_account_impersonation_url", "source_credentials"),
      "gdch_service_account", List.of("project", "private_key", "name"));

  /** Values never allowed to appear in a message. */
  private static final List<String> SECRET_FIELDS =
      List.of("private_key", "private_key_id", "client_secret", "refresh_token");

  private GcsKeys() {}

  /** Fails with a {@link ConfigException} on {@code key} when {@code json} is not a usable key file. */
  static void validate(String json, String key, String source) {
    String what = source.equals("inline") ? "the inline key" : "the key file [" + source + "]";
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new ConfigException(key, "malformed service-account key: " + what + " is not valid JSON" + where);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(key, "malformed service-account key: " + what + " is not a JSON object");
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual() || type.asText().isEmpty()) {
      throw new ConfigException(key, "malformed service-account key: " + what
          + " has no \"type\" field (expected \"service_account\" or another Google credentials type)");
    }
    List<String> required = REQUIRED.get(type.asText());
    if (required == null) {
      throw new ConfigException(key, "malformed service-account key: " + what + " has unsupported type \""
          + printable(type.asText()) + "\"; supported: " + new java.util.TreeSet<>(REQUIRED.keySet()));
    }
    List<String> missing = new ArrayList<>();
    for (String f : required) {
      JsonNode v = root.get(f);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(key, "malformed service-account key: " + what + " (type " + type.asText()
          + ") lacks " + String.join(", ", missing));
    }
    if (type.asText().equals("service_account") && !root.get("private_key").asText().contains("PRIVATE KEY")) {
      throw new ConfigException(key, "malformed service-account key: " + what
          + " has a private_key that is not a PEM block (-----BEGIN PRIVATE KEY-----)");
    }
  }

  /**
   * {@code message} (from the credentials library) when it carries none of the key's secret values,
   * else a neutral text.
   */
  static String safeMessage(String message, String json, Throwable t) {
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String oneLine = message.replace('\n', ' ').replace('\r', ' ');
    if (oneLine.contains("PRIVATE KEY")) {
      return t.getClass().getSimpleName();
    }
    try {
      JsonNode root = new ObjectMapper().readTree(json);
      for (String f : SECRET_FIELDS) {
        JsonNode v = root == null ? null : root.get(f);
        if (v != null && v.isTextual() && v.asText().length() >= 8) {
          String s = v.asText();
          String probe = s.length() > 24 ? s.substring(s.length() / 2, s.length() / 2 + 12) : s;
          if (oneLine.contains(probe) || oneLine.contains(s)) {
            return t.getClass().getSimpleName();
          }
        }
      }
    } catch (JsonProcessingException e) {
      return t.getClass().getSimpleName();
    }
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  private static String printable(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
