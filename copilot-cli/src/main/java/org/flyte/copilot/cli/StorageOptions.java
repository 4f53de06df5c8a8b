package org.flyte.copilot.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Flyte's storage section as {@code --storage.*} flags, a mixin every sub-command inherits
 * (docs/compatibility.md). A flag left unset stays null so that the environment and config files can
 * supply the value.
 */
public final class StorageOptions {
  @Option(names = "--storage.type", scope = ScopeType.INHERIT, paramLabel = "<type>",
      description = "Storage type: local (default), s3, minio or stow.")
  String storageType;

  @Option(names = "--storage.container", scope = ScopeType.INHERIT, paramLabel = "<bucket>",
      description = "Primary container (bucket) for references without a scheme.")
  String storageContainer;

  @Option(names = "--storage.enable-multicontainer", scope = ScopeType.INHERIT, arity = "1",
      paramLabel = "<bool>",
      description = "Allow references to containers other than --storage.container.")
  String enableMulticontainer;

  @Option(names = "--storage.stow.kind", scope = ScopeType.INHERIT, paramLabel = "<kind>",
      description = "Backend kind: s3, google or local.")
  String stowKind;

  @Option(names = "--storage.stow.config", scope = ScopeType.INHERIT, paramLabel = "<key=value>",
      description = "Backend setting, repeatable (region, endpoint, auth_type, access_key_id, ..., path). "
          + "Prefer a --config file for secrets: flags are visible in the pod spec.")
  List<String> stowConfig = new ArrayList<>();

  @Option(names = "--storage.limits.maxDownloadMBs", scope = ScopeType.INHERIT, paramLabel = "<MB>",
      description = "Largest object a read may fetch, in MB; 0 = unlimited (the default).")
  String maxDownloadMBs;

  @Option(names = "--storage.defaultHttpClient.timeout", scope = ScopeType.INHERIT, paramLabel = "<duration>",
      description = "Timeout of HTTP(S) blob reads, Go duration syntax; 0 = none.")
  String httpTimeout;

  @Option(names = "--storage.connection.endpoint", scope = ScopeType.INHERIT, paramLabel = "<url>",
      description = "Flyte 1 legacy S3 endpoint.")
  String connEndpoint;

  @Option(names = "--storage.connection.auth-type", scope = ScopeType.INHERIT, paramLabel = "<iam|accesskey>",
      description = "Flyte 1 legacy S3 auth type.")
  String connAuthType;

  @Option(names = "--storage.connection.access-key", scope = ScopeType.INHERIT, paramLabel = "<id>",
      description = "Flyte 1 legacy S3 access key id.")
  String connAccessKey;

  @Option(names = "--storage.connection.secret-key", scope = ScopeType.INHERIT, paramLabel = "<secret>",
      description = "Flyte 1 legacy S3 secret key (avoid: visible in the pod spec).")
  String connSecretKey;

  @Option(names = "--storage.connection.region", scope = ScopeType.INHERIT, paramLabel = "<region>",
      description = "Flyte 1 legacy S3 region.")
  String connRegion;

  @Option(names = "--storage.connection.disable-ssl", scope = ScopeType.INHERIT, arity = "1",
      paramLabel = "<bool>", description = "Flyte 1 legacy: plain HTTP to the endpoint.")
  String connDisableSsl;

  @Option(names = {"--storage.cache.max_size_mbs", "--storage.cache.target_gc_percent",
      "--storage.defaultHttpClient.maxIdleConns", "--storage.defaultHttpClient.maxIdleConnsPerHost",
      "--storage.defaultHttpClient.maxConnsPerHost", "--storage.defaultHttpClient.idleConnTimeout"},
      scope = ScopeType.INHERIT, hidden = true, description = "Accepted for compatibility; unused.")
  List<String> ignoredStorage = new ArrayList<>();

  /** The storage flags that were given, as dotted config keys, into {@code m}. */
  void addConfigFlags(Map<String, List<String>> m) {
    GlobalOptions.put(m, "storage.type", storageType);
    GlobalOptions.put(m, "storage.container", storageContainer);
    GlobalOptions.put(m, "storage.enable-multicontainer", enableMulticontainer);
    GlobalOptions.put(m, "storage.stow.kind", stowKind);
    if (!stowConfig.isEmpty()) {
      m.put("storage.stow.config", List.copyOf(stowConfig));
    }
    GlobalOptions.put(m, "storage.limits.maxDownloadMBs", maxDownloadMBs);
    GlobalOptions.put(m, "storage.defaultHttpClient.timeout", httpTimeout);
    GlobalOptions.put(m, "storage.connection.endpoint", connEndpoint);
    GlobalOptions.put(m, "storage.connection.auth-type", connAuthType);
    GlobalOptions.put(m, "storage.connection.access-key", connAccessKey);
    GlobalOptions.put(m, "storage.connection.secret-key", connSecretKey);
    GlobalOptions.put(m, "storage.connection.region", connRegion);
    GlobalOptions.put(m, "storage.connection.disable-ssl", connDisableSsl);
  }
}
