package org.flyte.copilot.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.flyte.copilot.core.literal.text.GoDurations;

/**
 * Builds {@link CopilotConfig} from YAML files (a glob; several files merge, later wins), environment
 * variables named like Flyte's ({@code STORAGE.TYPE}, {@code STORAGE.CONNECTION.ACCESS_KEY}) and flags
 * given as dotted keys. Precedence: flag, then environment, then file, then default (docs/compatibility.md,
 * "Configuration loading").
 */
public final class ConfigLoader {
  /** Top-level sections a config file may hold; anything else is an error (Flyte's strict mode). */
  public static final Set<String> SECTIONS = Set.of("storage", "logger");

  private static final List<String> FALLBACK_FILES = List.of("config.yaml", "/etc/flyte/config/config.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, Object> fileTree = new LinkedHashMap<>();
  private final Map<String, String> env;
  private final Map<String, List<String>> flags;
  private final List<Path> files = new ArrayList<>();

  private ConfigLoader(Map<String, String> env, Map<String, List<String>> flags) {
    this.env = env;
    this.flags = flags;
  }

  /**
   * Loads the configuration.
   *
   * @param configGlob value of {@code --config}: a path or glob, may be empty
   * @param env the process environment
   * @param flags dotted config keys given on the command line, each with its values in order
   */
  public static CopilotConfig load(String configGlob, Map<String, String> env, Map<String, List<String>> flags) {
    return load(configGlob, env, flags, true);
  }

  /**
   * As {@link #load(String, Map, Map)}; without {@code fallbackFiles} a missing {@code --config} means no
   * file at all, not {@code ./config.yaml} (which on a developer machine is often flytectl's).
   */
  public static CopilotConfig load(String configGlob, Map<String, String> env, Map<String, List<String>> flags,
      boolean fallbackFiles) {
    ConfigLoader l = new ConfigLoader(env, flags);
    l.readFiles(configGlob == null ? "" : configGlob, fallbackFiles);
    return l.build();
  }

  /** The files a glob selects, sorted; empty when it matches nothing. */
  public static List<Path> expandGlob(String glob) {
    if (glob.isEmpty()) {
      return List.of();
    }
    Path literal = Paths.get(glob);
    if (!containsGlobChars(glob)) {
      return Files.exists(literal) ? List.of(literal) : List.of();
    }
    Path dir = literal.getParent() == null ? Paths.get(".") : literal.getParent();
    if (containsGlobChars(dir.toString()) || !Files.isDirectory(dir)) {
      return List.of();
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + literal.getFileName());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> m.matches(p.getFileName()) && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean containsGlobChars(String s) {
    return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private void readFiles(String glob, boolean fallbackFiles) {
    List<Path> matched = expandGlob(glob);
    if (matched.isEmpty() && !glob.isEmpty() && !containsGlobChars(glob)) {
      throw new ConfigException("--config", "config file " + glob + " does not exist");
    }
    if (matched.isEmpty() && fallbackFiles) {
      for (String f : FALLBACK_FILES) {
        if (Files.isRegularFile(Paths.get(f))) {
          matched = List.of(Paths.get(f));
          break;
        }
      }
    }
    for (Path p : matched) {
      files.add(p);
      Object doc;
      try {
        doc = YAML.readValue(Files.readAllBytes(p), Object.class);
      } catch (JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
        // only the parser's first line: the rest quotes the offending line, which may hold a secret
        String problem = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().strip().split("\\R", 2)[0];
        throw new ConfigException(p.toString(), "malformed YAML" + where + ": " + problem
            + " (the line is not shown: it may hold a secret)");
      } catch (IOException e) {
        throw new ConfigException(p.toString(), "cannot read config file: " + e.getMessage(), e);
      }
      if (doc == null) {
        continue;
      }
      if (!(doc instanceof Map<?, ?> map)) {
        throw new ConfigException(p.toString(), "a config file must hold a YAML mapping of sections");
      }
      Set<String> unknown = new TreeSet<>();
      for (Object k : map.keySet()) {
        if (!SECTIONS.contains(String.valueOf(k))) {
          unknown.add(String.valueOf(k));
        }
      }
      if (!unknown.isEmpty()) {
        throw new ConfigException(p.toString(),
            "unknown top-level keys " + unknown + " (known sections: " + new TreeSet<>(SECTIONS) + ")");
      }
      deepMerge(fileTree, map);
    }
  }

  @SuppressWarnings("unchecked")
  private static void deepMerge(Map<String, Object> into, Map<?, ?> from) {
    for (var e : from.entrySet()) {
      String k = String.valueOf(e.getKey());
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m && into.get(k) instanceof Map<?, ?> existing) {
        deepMerge((Map<String, Object>) existing, m);
      } else if (v instanceof Map<?, ?> m) {
        Map<String, Object> copy = new LinkedHashMap<>();
        deepMerge(copy, m);
        into.put(k, copy);
      } else {
        into.put(k, v);
      }
    }
  }

  /** Files that were read, in merge order. */
  public List<Path> files() {
    return List.copyOf(files);
  }

  private Object fromFile(String dottedKey) {
    Object node = fileTree;
    for (String part : dottedKey.split("\\.")) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(part);
    }
    return node;
  }

  private String string(String key, String def) {
    List<String> f = flags.get(key);
    if (f != null && !f.isEmpty()) {
      return f.get(f.size() - 1);
    }
    String e = env.get(key.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    if (e != null) {
      return e;
    }
    Object v = fromFile(key);
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      throw new ConfigException(key, "expected a single value, found " + (v instanceof Map ? "a mapping" : "a list"));
    }
    return v == null ? def : String.valueOf(v);
  }

  private boolean bool(String key, boolean def) {
    String s = string(key, Boolean.toString(def)).trim();
    switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "t", "yes" -> {
        return true;
      }
      case "false", "0", "f", "no", "" -> {
        return false;
      }
      default -> throw new ConfigException(key, "expected true or false, found [" + s + "]");
    }
  }

  private long number(String key, long def) {
    String s = string(key, Long.toString(def)).trim();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "expected an integer, found [" + s + "]");
    }
  }

  private Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    Object v = fromFile(key);
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
    } else if (v != null) {
      throw new ConfigException(key, "expected a mapping of keys to values");
    }
    // Flags add to (and override key by key) what files said; Go replaced the whole map.
    for (String item : flags.getOrDefault(key, List.of())) {
      for (String pair : splitPairs(item)) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException("--" + key, "expected key=value, found [" + redactValue(pair) + "]");
        }
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
      }
    }
    return out;
  }

  /** Go parses these flags as CSV; split on commas only when every piece is itself a key=value pair. */
  private static List<String> splitPairs(String item) {
    String[] parts = item.split(",");
    for (String p : parts) {
      if (p.indexOf('=') <= 0) {
        return List.of(item);
      }
    }
    return List.of(parts);
  }

  private static String redactValue(String pair) {
    return pair.length() > 3 ? pair.substring(0, 3) + "..." : pair;
  }

  private CopilotConfig build() {
    StowConfig stow = new StowConfig(string("storage.stow.kind", ""), stringMap("storage.stow.config"));
    ConnectionConfig conn = new ConnectionConfig(
        string("storage.connection.endpoint", ""),
        string("storage.connection.auth-type", ""),
        string("storage.connection.access-key", ""),
        string("storage.connection.secret-key", ""),
        string("storage.connection.region", ""),
        bool("storage.connection.disable-ssl", false));
    Map<String, StowConfig> schemes = new LinkedHashMap<>();
    if (fromFile("storage.schemes") instanceof Map<?, ?> m) {
      for (Object scheme : m.keySet()) {
        String s = String.valueOf(scheme);
        schemes.put(s, new StowConfig(string("storage.schemes." + s + ".kind", ""),
            stringMap("storage.schemes." + s + ".config")));
      }
    }
    Duration httpTimeout;
    String t = string("storage.defaultHttpClient.timeout", "0s");
    try {
      httpTimeout = GoDurations.parse(t);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("storage.defaultHttpClient.timeout", e.getMessage());
    }
    long maxMb = number("storage.limits.maxDownloadMBs", 0);
    if (maxMb < 0) {
      throw new ConfigException("storage.limits.maxDownloadMBs", "must be >= 0 (0 = unlimited), found " + maxMb);
    }
    StorageConfig storage = new StorageConfig(
        string("storage.type", "local"),
        string("storage.container", ""),
        bool("storage.enable-multicontainer", false),
        stow,
        conn,
        maxMb,
        httpTimeout,
        schemes);
    long level = number("logger.level", LoggerConfig.DEFAULT_LEVEL);
    if (level < 0 || level > 6) {
      throw new ConfigException("logger.level", level + " is not a level: 0 panic, 1 fatal, 2 error, 3 warning "
          + "(the default), 4 info, 5 debug, 6 trace");
    }
    LoggerConfig logger = new LoggerConfig(
        (int) level,
        bool("logger.mute", false),
        bool("logger.show-source", false),
        string("logger.formatter.type", "json"));
    return new CopilotConfig(storage, logger);
  }
}
