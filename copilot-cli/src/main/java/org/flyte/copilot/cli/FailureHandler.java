package org.flyte.copilot.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failure's message (the stack trace only with --stacktrace) and exits 1. */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    boolean trace = false;
    // an inherited flag is matched on the command where it was written: the root or a sub-command
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      trace |= r.hasMatchedOption("--stacktrace");
    }
    cmd.getErr().println("copilot: " + Failures.describe(ex));
    if (trace) {
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return 1;
  }
}
