package org.flyte.copilot.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Flags every sub-command accepts (docs/compatibility.md, "Global flags"): config location, the error
 * document's name,
 * {@code --stacktrace}, and Flyte's storage and logger keys ({@link StorageOptions}, {@link LoggingOptions}).
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

  final StorageOptions storage = new StorageOptions();
  final LoggingOptions logging = new LoggingOptions();

  /** picocli hands over the command this mixin is part of: the storage and logger flags join it there. */
  @Spec(Spec.Target.MIXEE)
  void addConfigFlagsTo(CommandSpec command) {
    storage.flags.addTo(command);
    logging.flags.addTo(command);
  }

  // -- flags of the Go binary that are accepted and ignored --
  @Option(names = {"--storage.cache.max_size_mbs", "--storage.cache.target_gc_percent",
      "--storage.defaultHttpClient.maxIdleConns", "--storage.defaultHttpClient.maxIdleConnsPerHost",
      "--storage.defaultHttpClient.maxConnsPerHost", "--storage.defaultHttpClient.idleConnTimeout"},
      scope = ScopeType.INHERIT, hidden = true, description = "Accepted for compatibility; unused.")
  List<String> ignoredStorage = new ArrayList<>();

  @Option(names = "--logger.formatter.type", scope = ScopeType.INHERIT, hidden = true,
      description = "Accepted for compatibility; unused.")
  List<String> ignoredLogger = new ArrayList<>();

  @Option(names = "--logger.show-source", scope = ScopeType.INHERIT, hidden = true, arity = "1",
      description = "Accepted for compatibility; unused.")
  String ignoredShowSource;

  // kubectl-style flags
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
    storage.flags.putGiven(m);
    logging.flags.putGiven(m);
    return m;
  }
}
