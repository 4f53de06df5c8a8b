package org.flyte.copilot.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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

  @Mixin StorageOptions storage;
  @Mixin LoggingOptions logging;

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
    storage.addConfigFlags(m);
    logging.addConfigFlags(m);
    return m;
  }

  static void put(Map<String, List<String>> m, String key, String value) {
    if (value != null) {
      m.put(key, List.of(value));
    }
  }
}
