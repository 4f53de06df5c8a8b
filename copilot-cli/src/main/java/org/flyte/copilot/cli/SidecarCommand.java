package org.flyte.copilot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code copilot sidecar}: the native sidecar. Waits for the main container to exit, then turns the
 * output directory into outputs.pb (or an error document).
 */
@Command(name = "sidecar", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    description = {"Upload the task's outputs after the main container exits (sidecar mode).",
        "Waits for the exit signal (SIGTERM by default), reads one file or directory per declared output "
            + "under --from-local-dir, uploads blobs under --to-raw-output and writes outputs.pb under "
            + "--to-output-prefix. Any problem, even a bad flag, is reported after the exit signal as an "
            + "error document (code OutputUploadFailed) and exit code 1."})
final class SidecarCommand implements Callable<Integer>, ContextExecutionStrategy.NeedsContext {
  @Option(names = {"-o", "--to-output-prefix"}, paramLabel = "<ref>",
      description = "Where outputs.pb and the error document go.")
  String toOutputPrefix = "";

  @Option(names = {"-x", "--to-raw-output"}, paramLabel = "<ref>",
      description = "Prefix under which blob outputs are uploaded.")
  String toRawOutput = "";

  @Option(names = {"-f", "--from-local-dir"}, paramLabel = "<dir>",
      description = "Local directory the main container writes its outputs to.")
  String fromLocalDir = "";

  @Option(names = {"-m", "--format"}, paramLabel = "<format>",
      description = "JSON, YAML or PROTO: the container may write outputs.json/.yaml/.pb holding outputs "
          + "(default: ${DEFAULT-VALUE}).")
  String format = "JSON";

  @Option(names = {"-u", "--upload-mode"}, paramLabel = "<mode>",
      description = "UPLOAD_ON_EXIT (default), UPLOAD_EAGER (upload finished blobs before exit) or "
          + "DO_NOT_UPLOAD (blob output files hold the remote URI already written).")
  String uploadMode = "UPLOAD_ON_EXIT";

  @Option(names = "--meta-output-name", paramLabel = "<name>",
      description = "Name of the output LiteralMap under --to-output-prefix (default: ${DEFAULT-VALUE}).")
  String metaOutputName = "outputs.pb";

  @Option(names = {"-t", "--timeout"}, paramLabel = "<duration>",
      description = "Deadline for the upload after the exit signal, Go duration syntax (default: ${DEFAULT-VALUE}).")
  String timeout = "1h0m0s";

  @Option(names = "--start-timeout", paramLabel = "<duration>",
      description = "Deprecated alias of --timeout.")
  String startTimeout;

  @Option(names = {"-i", "--interface"}, paramLabel = "<base64>",
      description = "Base64 of the task's TypedInterface; without outputs the sidecar exits 0 at once.")
  String iface;

  @Option(names = "--start-watcher-type", paramLabel = "<type>",
      description = "How to learn that the main container exited: signal (SIGTERM, default), file "
          + "(_SUCCESS or _ERROR appears in --from-local-dir) or noop.")
  String startWatcherType = "signal";

  @Option(names = "--exit-watcher-type", paramLabel = "<type>",
      description = "Same values as --start-watcher-type; used when given.")
  String exitWatcherType;

  @Option(names = "--max-simple-bytes", paramLabel = "<bytes>",
      description = "Largest file read for a simple-typed output (default: ${DEFAULT-VALUE}).")
  long maxSimpleBytes = 1024 * 1024;

  @Option(names = "--concurrency", paramLabel = "<n>",
      description = "Most uploads in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  private CliContext ctx;

  @Override
  public void context(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    throw new UnsupportedOperationException("sidecar is not implemented in this build yet");
  }
}
