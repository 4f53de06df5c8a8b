package org.flyte.copilot.cli;

import java.util.logging.Logger;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.upload.lifecycle.Sidecar;
import org.flyte.copilot.upload.lifecycle.SidecarArgs;
import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.transfer.UploadListener;
import org.flyte.copilot.upload.watch.SignalWatcher;
import org.flyte.copilot.core.status.StatusObserver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            + "error document (code OutputUploadFailed) and exit code 1 (2 when even the error document "
            + "cannot be written)."})
final class SidecarCommand extends ContextCommand {
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
      description = "Deadline for the upload after the exit signal, Go duration syntax (default: 1h0m0s).")
  String timeout;

  @Option(names = "--start-timeout", paramLabel = "<duration>",
      description = "Deprecated alias of --timeout, used when --timeout is absent.")
  String startTimeout;

  @Option(names = {"-i", "--interface"}, paramLabel = "<base64>",
      description = "Base64 of the task's TypedInterface; without outputs the sidecar exits 0 at once.")
  String iface;

  @Option(names = "--start-watcher-type", paramLabel = "<type>",
      description = "How to learn that the main container exited: signal (SIGTERM, default), file "
          + "(_SUCCESS or _ERROR appears in --from-local-dir) or noop.")
  String startWatcherType;

  @Option(names = "--exit-watcher-type", paramLabel = "<type>",
      description = "Same values as --start-watcher-type; wins when given.")
  String exitWatcherType;

  // Numbers are taken as text so that a bad value is reported after the exit signal, not at parse time (D3).
  @Option(names = "--max-simple-bytes", paramLabel = "<bytes>",
      description = "Largest file read for a simple-typed output (default: 1048576).")
  String maxSimpleBytes;

  @Option(names = "--concurrency", paramLabel = "<n>",
      description = "Most uploads in flight at once (default: 8).")
  String concurrency;

  @Mixin GrpcOptions grpc;


  @Override
  public Integer call() {
    // First thing: from here on a SIGTERM is the exit signal, not the end of the process (D3).
    SignalWatcher termination = SignalWatcher.install();
    ctx.commandLine().getErr().println("copilot sidecar: SIGTERM handler installed");
    ctx.commandLine().getErr().flush();
    SidecarArgs args = new SidecarArgs()
        .toOutputPrefix(toOutputPrefix)
        .toRawOutput(toRawOutput)
        .fromLocalDir(fromLocalDir)
        .format(format)
        .uploadMode(uploadMode)
        .metaOutputName(metaOutputName)
        .errOutputName(ctx.errOutputName())
        .timeout(timeout)
        .startTimeout(startTimeout)
        .interfaceBase64(iface)
        .startWatcherType(startWatcherType)
        .exitWatcherType(exitWatcherType)
        .maxSimpleBytes(maxSimpleBytes)
        .concurrency(concurrency);
    // Config and store problems, like bad flags, are reported after the exit signal (the sidecar keeps waiting).
    try (StatusServing status = StatusServing.start(grpc, "sidecar", ctx.commandLine().getErr())) {
      return new Sidecar(new LogListener(status.observer(), ctx)).run(args, termination, new ContextStores(ctx));
    }
  }

  /** Settings checked at start; the client (SDK, pools, credentials) opened only when there is work. */
  private static final class ContextStores implements Sidecar.StoreFactory {
    private final CliContext ctx;

    ContextStores(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public ObjectStore open() {
      return ctx.store();
    }

    @Override
    public void check() {
      ctx.checkStorage();
    }
  }

  /** Sends the sidecar's progress to the platform logger the CLI configures, and phases and transfers to {@code status}. */
  private record LogListener(StatusObserver status, CliContext ctx) implements UploadListener, StatusObserver.Forwarding {
    private static final Logger LOG = Logger.getLogger("org.flyte.copilot.upload");

    @Override
    public void failure(UploadException failure) {
      ctx.printStackTrace(failure);
    }

    @Override
    public void info(String message) {
      LOG.info(message);
    }

    @Override
    public void warn(String message) {
      LOG.warning(message);
    }

    @Override
    public void error(String message) {
      LOG.severe(message);
    }

    @Override
    public void uploaded(String variable, String localPath, String reference, long bytes) {
      LOG.fine(() -> "output \"" + variable + "\": uploaded " + localPath + " (" + bytes + " bytes) to " + reference);
    }
  }
}
