package org.flyte.copilot.cli;

import java.io.PrintWriter;
import picocli.CommandLine.ParseResult;

/** {@code --stacktrace}: whether it was given, and the trace printed after a failure's message when it was. */
final class StackTraces {
  private StackTraces() {}

  /** An inherited flag is matched on the command where it was written: the root or a sub-command. */
  static boolean requested(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--stacktrace") && Boolean.TRUE.equals(r.matchedOptionValue("--stacktrace", false))) {
        return true;
      }
    }
    return false;
  }

  static void printIf(boolean requested, Throwable failure, PrintWriter err) {
    if (requested && failure != null) {
      failure.printStackTrace(err);
      err.flush();
    }
  }
}
