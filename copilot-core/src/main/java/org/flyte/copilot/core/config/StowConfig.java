package org.flyte.copilot.core.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A stow backend: its kind ({@code s3}, {@code google}, {@code local}...) and its key/value config. */
public record StowConfig(String kind, Map<String, String> config) {
  /** Config keys whose values are secrets: never printed. */
  public static final Set<String> SECRET_KEYS = Set.of("secret_key", "token", "json", "key", "password");

  public StowConfig {
    kind = kind == null ? "" : kind;
    config = Map.copyOf(config == null ? Map.of() : config);
  }

  public String get(String k) {
    return config.getOrDefault(k, "");
  }

  public boolean isSet() {
    return !kind.isEmpty();
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    config.forEach((k, v) -> shown.put(k, SECRET_KEYS.contains(k) && !v.isEmpty() ? "<redacted>" : v));
    return "StowConfig[kind=" + kind + ", config=" + shown + "]";
  }
}
