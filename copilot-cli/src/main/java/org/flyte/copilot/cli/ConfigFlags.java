package org.flyte.copilot.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * Flags named after Flyte config keys ({@code --storage.type} sets {@code storage.type}), declared once
 * each as rows of a table and inherited by every sub-command. Values are kept as text, unset ones as
 * null, so that the environment and config files can supply them (docs/compatibility.md).
 */
final class ConfigFlags {
  private final Map<String, OptionSpec> byKey = new LinkedHashMap<>();
  private final Map<String, List<String>> repeated = new LinkedHashMap<>();

  /** A flag taking one value; given twice, the last one counts. */
  ConfigFlags value(String key, String paramLabel, String description) {
    return add(key, paramLabel, description, String.class);
  }

  /** A Go boolean: its value only attached ({@code --key=false}), a bare flag meaning true (see {@link GoFlags}). */
  ConfigFlags bool(String key, String description) {
    return add(key, "<bool>", description, String.class);
  }

  /**
   * A flag that may be given several times, each value kept in order, before and after the sub-command
   * alike (Go merges them all). picocli would start the list afresh where the sub-command's inherited
   * copy of the option first matches, so the values are collected here instead.
   */
  ConfigFlags repeatable(String key, String paramLabel, String description) {
    List<String> values = new ArrayList<>();
    repeated.put(key, values);
    byKey.put(key, builder(key, paramLabel, description, List.class)
        .parameterConsumer((args, argSpec, commandSpec) -> values.add(args.pop()))
        .build());
    return this;
  }

  private ConfigFlags add(String key, String paramLabel, String description, Class<?> type) {
    byKey.put(key, builder(key, paramLabel, description, type).build());
    return this;
  }

  private static OptionSpec.Builder builder(String key, String paramLabel, String description, Class<?> type) {
    return OptionSpec.builder("--" + key)
        .scopeType(ScopeType.INHERIT)
        .paramLabel(paramLabel)
        .description(description)
        .type(type)
        .auxiliaryTypes(String.class)
        .arity("1");
  }

  /** Adds the flags to {@code command}, and so to its sub-commands. */
  void addTo(CommandSpec command) {
    for (OptionSpec o : byKey.values()) {
      command.addOption(o);
    }
  }

  /** The value given for the one-value flag {@code key}, or null. */
  String given(String key) {
    return (String) byKey.get(key).getValue();
  }

  /** The flags that were given, as config keys with their values, into {@code m} in table order. */
  void putGiven(Map<String, List<String>> m) {
    for (Map.Entry<String, OptionSpec> e : byKey.entrySet()) {
      List<String> values = repeated.containsKey(e.getKey()) ? List.copyOf(repeated.get(e.getKey()))
          : values(e.getValue());
      if (!values.isEmpty()) {
        m.put(e.getKey(), values);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> values(OptionSpec o) {
    Object value = o.getValue();
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> list ? List.copyOf((List<String>) list) : List.of((String) value);
  }
}
