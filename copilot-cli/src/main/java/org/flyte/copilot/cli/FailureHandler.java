package org.flyte.copilot.cli;

import org.flyte.copilot.core.error.ExitCodes;
import org.flyte.copilot.core.error.Messages;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failure's message (the stack trace only with --stacktrace) and exits 1. */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    cmd.getErr().println("copilot: " + Messages.describe(ex));
    cmd.getErr().flush();
    StackTraces.printIf(StackTraces.requested(parseResult), ex, cmd.getErr());
    return ExitCodes.FAILED;
  }
}
