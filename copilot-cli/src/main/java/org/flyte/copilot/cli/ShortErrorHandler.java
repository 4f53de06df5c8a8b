package org.flyte.copilot.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.flyte.copilot.core.error.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Answers a bad command line with one line, the synopsis, and where to find help. Values of
 * unknown options are never echoed: a mistyped secret flag must not reach logs or error documents.
 */
final class ShortErrorHandler implements IParameterExceptionHandler {

  private final SidecarDeferral sidecarDeferral;

  ShortErrorHandler(SidecarDeferral sidecarDeferral) {
    this.sidecarDeferral = sidecarDeferral;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String problem = describe(ex);
    err.println("Error: " + problem);
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.print(cmd.getHelp().fullSynopsis());
    err.printf("Run '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
    err.flush();
    if (sidecarDeferral.applies(cmd, args)) {
      return sidecarDeferral.reportAfterTheExitSignal(args, problem, err);
    }
    return ExitCodes.FAILED;
  }

  /** The parse error without any option value: unknown options by name only. */
  static String describe(ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
        && !u.getUnmatched().get(0).startsWith("-") && !u.getCommandLine().getSubcommands().isEmpty()) {
      // where a sub-command was expected the first word is its name (a value would follow an option)
      return "Unknown command '" + u.getUnmatched().get(0) + "' (commands: "
          + String.join(", ", u.getCommandLine().getSubcommands().keySet()) + ")";
    }
    if (ex instanceof MissingParameterException m) {
      List<String> missing = new ArrayList<>();
      for (ArgSpec a : m.getMissing()) {
        missing.add(a instanceof OptionSpec o ? o.longestName() : a.paramLabel());
      }
      return "Missing required " + (missing.size() == 1 ? "parameter: " : "parameters: ") + String.join(", ", missing);
    }
    if (ex instanceof UnmatchedArgumentException u) {
      List<String> names = new ArrayList<>();
      for (String a : u.getUnmatched()) {
        names.add(a.startsWith("-") ? a.split("=", 2)[0] : "<value>");
      }
      return (names.size() == 1 ? "Unknown option: '" : "Unknown options: '") + String.join("', '", names) + "'";
    }
    String m = ex.getMessage() == null ? "invalid command line" : ex.getMessage();
    return m.replaceAll("'([^'-][^']*)'", "'<value>'");
  }
}
