package org.flyte.copilot.core.config;

/** Bad configuration: names the key (or file) and the cause. Never carries a secret value. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
  }

  public ConfigException(String key, String reason, Throwable cause) {
    super(key + ": " + reason, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
