package org.flyte.copilot.cli;

import java.io.PrintWriter;
import org.flyte.copilot.core.errordoc.ErrorDocuments;
import org.flyte.copilot.upload.watch.SignalWatcher;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Answers a bad command line with one line, the synopsis, and where to find help. */
final class ShortErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.print(cmd.getHelp().fullSynopsis());
    err.printf("Run '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
    err.flush();
    if (cmd.getCommandSpec().userObject() instanceof SidecarCommand && !SidecarCommand.inProcess) {
      // A native sidecar that exits early is restarted forever (D3): report, then wait for the exit signal.
      err.println("copilot sidecar: waiting for the exit signal (SIGTERM) before exiting 1");
      err.flush();
      try {
        SignalWatcher.install().waitForExit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writeSidecarErrorDocument(args, ex.getMessage(), err);
    }
    return 1;
  }

  /**
   * Best effort, after the exit signal: re-reads the command line leniently (unknown options allowed)
   * to find the output prefix and storage flags, and records the parse error as the task's error.
   */
  static void writeSidecarErrorDocument(String[] args, String problem, PrintWriter err) {
    String message = "invalid sidecar command line: " + problem;
    try {
      CommandLine lenient = new CommandLine(new CopilotCommand());
      lenient.setUnmatchedArgumentsAllowed(true);
      CommandLine.ParseResult parsed = lenient.parseArgs(args);
      CopilotCommand root = (CopilotCommand) parsed.commandSpec().userObject();
      SidecarCommand sidecar = (SidecarCommand) parsed.subcommand().commandSpec().userObject();
      if (sidecar.toOutputPrefix.isEmpty()) {
        err.println("copilot sidecar: no --to-output-prefix, so no error document: " + message);
        return;
      }
      CliContext ctx = new CliContext(root.global, System.getenv(), parsed.subcommand().commandSpec().commandLine());
      String ref = ErrorDocuments.write(ctx.store(), sidecar.toOutputPrefix, root.global.errOutputName,
          ErrorDocuments.recoverable(ErrorDocuments.OUTPUT_UPLOAD_FAILED, message));
      err.println("copilot sidecar: error document written to " + ref);
    } catch (RuntimeException e) {
      err.println("copilot sidecar: could not write an error document for the bad command line: "
          + Failures.describe(e));
    }
    err.flush();
  }
}
