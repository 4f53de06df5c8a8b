package org.flyte.copilot.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Flags every sub-command accepts (CONTRACT.md §1.2): config location, the error document's name, and
 * Flyte's storage and logger keys as {@code --storage.*}/{@code --logger.*} flags. A flag left unset
 * stays null so that the environment and config files can supply the value.
 */
public final class GlobalOptions {
  @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "<glob>",
      description = "Config file path or glob (several files merge, e.g. /etc/flyte/copilot/*.yaml). "
          + "Without it: ./config.yaml or /etc/flyte/config/config.yaml if present (not for run and pod).")
  String config = "";

  @Option(names = "--err-output-name", scope = ScopeType.INHERIT, paramLabel = "<name>",
      description = "Name of the error document under the output prefix (default: ${DEFAULT-VALUE}).")
  String errOutputName = "error.pb";

  @Option(names = {"-s", "--show-source"}, scope = ScopeType.INHERIT, hidden = true,
      description = "Accepted for compatibility; unused.")
  boolean showSource;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure, not just its message.")
  boolean stacktrace;

  // -- storage (Flyte's storage section) --
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

  // -- logger --
  @Option(names = "--logger.level", scope = ScopeType.INHERIT, paramLabel = "<0-6>",
      description = "Log level, logrus numbering: 2 error, 3 warning (default), 4 info, 5 debug, 6 trace.")
  String loggerLevel;

  @Option(names = "--logger.mute", scope = ScopeType.INHERIT, arity = "1",
      paramLabel = "<bool>", description = "Log nothing.")
  String loggerMute;

  @Option(names = "--logger.formatter.type", scope = ScopeType.INHERIT, hidden = true,
      description = "Accepted for compatibility; unused.")
  List<String> ignoredLogger = new ArrayList<>();

  @Option(names = "--logger.show-source", scope = ScopeType.INHERIT, hidden = true, arity = "1",
      description = "Accepted for compatibility; unused.")
  String ignoredShowSource;

  // -- kubectl-style flags of the Go binary: accepted and ignored --
  @Option(names = {"--kubeconfig", "--as", "--as-group", "--as-uid", "--certificate-authority",
      "--client-certificate", "--client-key", "--cluster", "--context", "--namespace", "--password",
      "--request-timeout", "--server", "--tls-server-name", "--token", "--user", "--username"},
      scope = ScopeType.INHERIT, hidden = true, description = "Accepted for compatibility; unused.")
  List<String> ignoredKube = new ArrayList<>();

  @Option(names = "--insecure-skip-tls-verify", scope = ScopeType.INHERIT, hidden = true, arity = "1",
      description = "Accepted for compatibility; unused.")
  String ignoredInsecure;

  /** The storage/logger flags that were given, as dotted config keys. */
  public Map<String, List<String>> configFlags() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    put(m, "storage.type", storageType);
    put(m, "storage.container", storageContainer);
    put(m, "storage.enable-multicontainer", enableMulticontainer);
    put(m, "storage.stow.kind", stowKind);
    if (!stowConfig.isEmpty()) {
      m.put("storage.stow.config", List.copyOf(stowConfig));
    }
    put(m, "storage.limits.maxDownloadMBs", maxDownloadMBs);
    put(m, "storage.defaultHttpClient.timeout", httpTimeout);
    put(m, "storage.connection.endpoint", connEndpoint);
    put(m, "storage.connection.auth-type", connAuthType);
    put(m, "storage.connection.access-key", connAccessKey);
    put(m, "storage.connection.secret-key", connSecretKey);
    put(m, "storage.connection.region", connRegion);
    put(m, "storage.connection.disable-ssl", connDisableSsl);
    put(m, "logger.level", loggerLevel);
    put(m, "logger.mute", loggerMute);
    return m;
  }

  private static void put(Map<String, List<String>> m, String key, String value) {
    if (value != null) {
      m.put(key, List.of(value));
    }
  }
}
