package org.flyte.copilot.cli;

import java.io.PrintWriter;
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
    }
    return 1;
  }
}
