package org.flyte.copilot.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.error.ErrorCode;
import org.flyte.copilot.core.error.ErrorDocuments;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.watch.SignalWatcher;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The sidecar's rule for a command line it cannot parse (docs/compatibility.md, D3): a native sidecar
 * that exits early is restarted forever, so when copilot runs as the pod's executable the sidecar
 * reports the problem, waits for the exit signal, then records it as the task's error document and
 * exits 1 (2 when the document cannot be written). Flags that parse but hold bad values, and a bad
 * interface, take the same road inside {@code Sidecar} ({@code SidecarInput.Invalid}). In-process
 * callers (tests, {@code copilot run}) get the parse error at once. Immutable.
 */
final class SidecarDeferral {
  /** For in-process callers: nothing is deferred. */
  static final SidecarDeferral NONE = new SidecarDeferral(false, Map.of());

  private final boolean enabled;
  private final Map<String, String> env;

  private SidecarDeferral(boolean enabled, Map<String, String> env) {
    this.enabled = enabled;
    this.env = env;
  }

  /** For copilot run as the executable, with the process's environment (storage settings may be there). */
  static SidecarDeferral forExecutable(Map<String, String> env) {
    return new SidecarDeferral(true, env);
  }

  /** Whether a parse error of {@code args} (blamed on {@code cmd}) is the sidecar's and must wait. */
  boolean applies(CommandLine cmd, String[] args) {
    // wherever the bad flag stands: before "sidecar" picocli blames the root command
    return enabled && (cmd.getCommandSpec().userObject() instanceof SidecarCommand || Main.isSidecar(args));
  }

  /** Waits for the exit signal, writes the error document for {@code problem} and returns the exit code. */
  int reportAfterTheExitSignal(String[] args, String problem, PrintWriter err) {
    err.println("copilot sidecar: waiting for the exit signal (SIGTERM) before exiting 1");
    err.flush();
    try {
      SignalWatcher.install().waitForExit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ErrorCode.OUTPUT_UPLOAD_FAILED.exitCode(writeErrorDocument(args, problem, err));
  }

  /**
   * Best effort, after the exit signal: re-reads the command line leniently to find the output
   * prefix and the storage flags, and records the parse error as the task's error document.
   *
   * @return whether the document was written
   */
  boolean writeErrorDocument(String[] args, String problem, PrintWriter err) {
    String message = "invalid sidecar command line: " + problem;
    try {
      CommandLine.ParseResult parsed;
      try {
        parsed = lenientParse(args);
      } catch (ParameterException e) {
        parsed = lenientParse(keepStorageAndPrefix(args));
      }
      CopilotCommand root = (CopilotCommand) parsed.commandSpec().userObject();
      SidecarCommand sidecar = (SidecarCommand) parsed.subcommand().commandSpec().userObject();
      if (sidecar.toOutputPrefix.isEmpty()) {
        err.println("copilot sidecar: no --to-output-prefix, so no error document: " + message);
        return false;
      }
      CliContext ctx = new CliContext(root.global, env, parsed.subcommand().commandSpec().commandLine(), false);
      String ref = ErrorDocuments.write(ctx.store(), sidecar.toOutputPrefix, root.global.errOutputName,
          new UploadException(message), (attempt, failure, delay) -> err.println("copilot sidecar: writing the"
              + " error document failed (" + Messages.describe(failure) + "); trying again in " + delay.toMillis() + " ms"));
      err.println("copilot sidecar: error document written to " + ref);
      return true;
    } catch (RuntimeException e) {
      err.println("copilot sidecar: could not write an error document for the bad command line: "
          + Messages.describe(e));
      return false;
    } finally {
      err.flush();
    }
  }

  private static CommandLine.ParseResult lenientParse(String[] args) {
    CommandLine lenient = new CommandLine(new CopilotCommand());
    lenient.setUnmatchedArgumentsAllowed(true);
    lenient.setOverwrittenOptionsAllowed(true);
    return lenient.parseArgs(GoFlags.normalize(args, GoFlags.switches(lenient)));
  }

  /**
   * Only what locating the error document needs: global config/storage flags, the sub-command, and
   * the output prefix. For command lines the lenient parse still refuses (a flag without its value).
   */
  static String[] keepStorageAndPrefix(String[] args) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.split("=", 2)[0];
      boolean wanted = name.equals("--config") || name.equals("--err-output-name") || name.startsWith("--storage.")
          || name.startsWith("--logger.") || name.equals("-o") || name.equals("--to-output-prefix");
      if (a.equals("sidecar")) {
        kept.add(a);
      } else if (wanted && a.contains("=")) {
        kept.add(a);
      } else if (wanted && i + 1 < args.length && !args[i + 1].startsWith("-")) {
        kept.add(a);
        kept.add(args[++i]);
      }
    }
    return kept.toArray(String[]::new);
  }
}
