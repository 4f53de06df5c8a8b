package org.flyte.copilot.cli;

import org.flyte.copilot.core.error.Messages;
import java.time.Duration;
import org.flyte.copilot.core.transfer.Bounded;
import org.flyte.copilot.core.transfer.Deadline;
import org.flyte.copilot.core.error.ErrorDocuments;
import org.flyte.copilot.core.error.ExitCodes;
import org.flyte.copilot.download.DownloadException;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.download.DownloadRequest;
import org.flyte.copilot.download.Downloader;
import org.flyte.copilot.core.status.Phase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code copilot download}: the init container. Materialises the task's input LiteralMap under
 * {@code --to-local-dir}; on failure writes the error document and exits non-zero (D1, D2).
 */
@Command(name = "download", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    description = {"Download the task's inputs into a local directory (init-container mode).",
        "Writes one file or directory per input variable, inputs.pb, and inputs.json or inputs.yaml. "
            + "On failure writes an error document (code InputDownloadFailed) under --to-output-prefix "
            + "and exits 1."})
final class DownloadCommand extends ContextCommand {
  @Option(names = {"-f", "--from-remote"}, paramLabel = "<ref>",
      description = "Reference of the input LiteralMap, e.g. s3://bucket/.../inputs.pb. Required.")
  String fromRemote = "";

  @Option(names = "--to-output-prefix", paramLabel = "<ref>",
      description = "Output prefix of the task; the error document is written under it. Required.")
  String toOutputPrefix = "";

  @Option(names = {"-o", "--to-local-dir"}, paramLabel = "<dir>",
      description = "Local directory to populate (created if missing). Required.")
  String toLocalDir = "";

  @Option(names = {"-m", "--format"}, paramLabel = "<format>",
      description = "Metadata file written next to inputs.pb: JSON, YAML or PROTO (default: ${DEFAULT-VALUE}).")
  String format = "JSON";

  @Option(names = {"-d", "--download-mode"}, paramLabel = "<mode>",
      description = "DOWNLOAD_EAGER (default), DOWNLOAD_STREAM (treated as eager) or DO_NOT_DOWNLOAD "
          + "(blobs stay remote; their URIs are written instead).")
  String downloadMode = "DOWNLOAD_EAGER";

  @Option(names = "--file-input-layout", paramLabel = "<layout>",
      description = "DIRECT (default): a file input is <dir>/<name>; NAMED_DIR: <dir>/<name>/<original file name>.")
  String fileInputLayout = "DIRECT";

  @Option(names = {"-t", "--timeout"}, paramLabel = "<duration>",
      description = "Deadline for the whole download, Go duration syntax; 0 = none (default: ${DEFAULT-VALUE}).")
  String timeout = "1h0m0s";

  @Option(names = {"-i", "--input-interface"}, paramLabel = "<base64>",
      description = "Base64 of the task's input VariableMap (optional; checks the inputs against it).")
  String inputInterface;

  @Option(names = "--concurrency", paramLabel = "<n>",
      description = "Most transfers in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  @Mixin GrpcOptions grpc;


  @Override
  public Integer call() {
    // malformed --timeout / --input-interface are flag-parse errors in Go: exit 1, no error document
    Duration timeout = FlagValues.duration(ctx.commandLine(), this.timeout, "-t, --timeout");
    Deadline deadline = Deadline.after(timeout);
    byte[] iface = inputInterface == null ? null
        : FlagValues.base64(ctx.commandLine(), inputInterface, "-i, --input-interface");
    if (toOutputPrefix.isEmpty()) {
      throw new IllegalArgumentException("to-output-prefix is required");
    }
    try (StatusServing status = StatusServing.start(grpc, "download", ctx.commandLine().getErr())) {
      return download(timeout, deadline, iface, status);
    }
  }

  private int download(Duration timeout, Deadline deadline, byte[] iface, StatusServing status) {
    // config and store problems end here with exit 1 and no error document (§1.9); a store that
    // never answers cannot hold the init container past --timeout
    try {
      Bounded.call(remaining(deadline), "download failed: the store holding " + fromRemote + " did not answer within"
          + " the timeout of " + GoDurations.format(timeout.toNanos()) + " (--timeout) while being opened; no input"
          + " was downloaded", ctx::store);
    } catch (RuntimeException e) {
      status.observer().failed(Messages.describe(e));
      throw e;
    }
    status.observer().phase(Phase.DOWNLOADING);
    try {
      run(timeout, deadline, iface, status);
      status.observer().phase(Phase.SUCCEEDED);
      return ExitCodes.OK;
    } catch (RuntimeException e) {
      DownloadException failure = DownloadException.of(e);
      String message = Messages.describe(failure);
      status.observer().failed(message);
      ctx.commandLine().getErr().println("copilot: download failed: " + message);
      ctx.printStackTrace(e);
      boolean written = false;
      try {
        String ref = ErrorDocuments.write(ctx.store(), toOutputPrefix, ctx.errOutputName(), failure,
            (attempt, writeFailure, delay) -> ctx.commandLine().getErr().println("copilot: writing the error document"
                + " failed (" + Messages.describe(writeFailure) + "); trying again in " + delay.toMillis() + " ms"));
        ctx.commandLine().getErr().println("copilot: error document written to " + ref);
        written = true;
      } catch (RuntimeException writeFailure) {
        ctx.commandLine().getErr().println("copilot: could not write the error document under " + toOutputPrefix
            + ": " + Messages.describe(writeFailure));
      }
      return failure.code().exitCode(written);
    }
  }

  /** At least a millisecond, so that an expired deadline still bounds (zero means none). */
  private static Duration remaining(Deadline d) {
    return d.bounded() ? Duration.ofNanos(Math.max(1_000_000, d.remainingNanos())) : Duration.ZERO;
  }

  private void run(Duration timeout, Deadline deadline, byte[] iface, StatusServing status) {
    // validates in the order of docs/compatibility.md, "download flags": to-local-dir, from-remote, format,
    // mode, layout
    DownloadRequest request = DownloadRequest.fromFlags(fromRemote, toLocalDir, format, downloadMode,
        fileInputLayout, timeout, concurrency, iface);
    new Downloader(ctx.store(), status.observer()).download(request, deadline);
  }
}
