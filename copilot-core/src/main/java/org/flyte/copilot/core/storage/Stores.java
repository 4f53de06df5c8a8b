package org.flyte.copilot.core.storage;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.file.FileStore;

/** Opens the store a {@link StorageConfig} describes (docs/compatibility.md, "Store routing"). */
public final class Stores {
  /** Storage types copilot accepts, in the order error messages list them. */
  public static final List<String> TYPES = List.of("local", "s3", "minio", "stow");
  /** Stow kinds copilot accepts. */
  public static final List<String> KINDS = List.of("s3", "google", "azure", "local");

  private Stores() {}

  /** The routing store for {@code config}: the primary backend plus lazily dialled others. */
  public static RoutingStore open(StorageConfig config) {
    StowConfig primaryStow = primaryStow(config);
    ObjectStore primary = openKind(primaryStow, "storage.stow");
    return new RoutingStore(primary, config.container(), config.enableMulticontainer(),
        scheme -> dial(scheme, config), config.maxDownloadMBs());
  }

  /**
   * Checks the primary store's settings as {@link #open} would (type, kind, keys, credentials named in
   * the config), without building a client: no SDK class is loaded and nothing is dialled.
   *
   * @throws ConfigException naming the offending key
   */
  public static void check(StorageConfig config) {
    StowConfig stow = primaryStow(config);
    switch (stow.kind()) {
      case "local" -> localRoot(stow, "storage.stow");
      case "s3" -> BackendFactories.checkS3(stow, "storage.stow");
      case "google" -> BackendFactories.checkGcs(stow, "storage.stow");
      case "azure" -> BackendFactories.checkAzure(stow, "storage.stow");
      default -> throw new ConfigException("storage.stow.kind",
          "unsupported stow.kind [" + stow.kind() + "]; allowed: " + KINDS);
    }
  }

  /** The stow settings of the primary store, after applying Flyte's type rules. */
  static StowConfig primaryStow(StorageConfig config) {
    String type = config.type();
    switch (type) {
      case "local":
        if (config.stow().isSet() && !config.stow().kind().equals("local")) {
          throw new ConfigException("storage.stow.kind",
              "storage.type is local but stow.kind is [" + config.stow().kind() + "]");
        }
        return new StowConfig("local", config.stow().config());
      case "s3", "minio", "stow":
        if (config.stow().isSet() && !config.stow().config().isEmpty()) {
          return config.stow();
        }
        if (config.stow().isSet() && config.stow().kind().equals("local")) {
          return config.stow();
        }
        if (config.stow().isSet() && !config.stow().kind().equals("s3")) {
          return config.stow();
        }
        if (config.connection().isSet() || !type.equals("stow")) {
          return config.connection().toStow();
        }
        throw new ConfigException("storage.stow.kind", "unsupported stow.kind [" + config.stow().kind()
            + "] for storage.type stow; allowed: " + KINDS);
      default:
        throw new ConfigException("storage.type", "unsupported storage type [" + type + "]; allowed: " + TYPES);
    }
  }

  /** Opens one backend from stow settings; {@code keyForErrors} names the config key in errors. */
  public static ObjectStore openKind(StowConfig stow, String keyForErrors) {
    return switch (stow.kind()) {
      case "local" -> new FileStore(localRoot(stow, keyForErrors));
      case "s3" -> BackendFactories.s3(stow, keyForErrors);
      case "google" -> BackendFactories.gcs(stow, keyForErrors);
      case "azure" -> BackendFactories.azure(stow, keyForErrors);
      default -> throw new ConfigException(keyForErrors + ".kind",
          "unsupported stow.kind [" + stow.kind() + "]; allowed: " + KINDS);
    };
  }

  private static Path localRoot(StowConfig stow, String keyForErrors) {
    String path = stow.get("path");
    if (path.isEmpty()) {
      return defaultLocalRoot();
    }
    return Paths.get(path);
  }

  /** Where the embedded default store lives when no path is configured. */
  public static Path defaultLocalRoot() {
    String env = System.getenv("COPILOT_STORE_DIR");
    if (env != null && !env.isEmpty()) {
      return Paths.get(env);
    }
    return Paths.get(System.getProperty("java.io.tmpdir"), "copilot-store");
  }

  private static ObjectStore dial(String scheme, StorageConfig config) {
    StowConfig configured = config.schemes().get(scheme);
    if (configured == null && RoutingStore.canonicalScheme(scheme).equals("abfs")) {
      // one Azure backend serves abfs:// and abfss://, configured under either name
      configured = config.schemes().get(scheme.equals("abfs") ? "abfss" : "abfs");
    }
    if (configured != null && configured.isSet()) {
      return openKind(configured, "storage.schemes." + scheme);
    }
    return switch (scheme) {
      case "http", "https" -> BackendFactories.http(config);
      case "s3" -> openKind(new StowConfig("s3", java.util.Map.of("auth_type", "iam")), "storage.schemes.s3");
      case "gs" -> openKind(new StowConfig("google", java.util.Map.of()), "storage.schemes.gs");
      case "abfs", "abfss" -> openKind(new StowConfig("azure", java.util.Map.of()), "storage.schemes." + scheme);
      // Never the container's own filesystem: a file:// input could otherwise copy the mounted
      // storage secret into the user's volume. Flyte 2 likewise needs schemes.file.config.path.
      case "file" -> throw new ConfigException("storage.schemes.file.config.path",
          "file:// references need a local store root when the primary store is not local; set "
              + "storage.schemes.file.kind: local and storage.schemes.file.config.path");
      default -> throw new ConfigException("storage.schemes." + scheme,
          "no backend for scheme [" + scheme + "]; supported: s3, gs, abfs, abfss, file, http, https");
    };
  }
}
