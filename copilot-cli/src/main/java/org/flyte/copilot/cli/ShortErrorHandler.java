package org.flyte.copilot.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.errordoc.ErrorDocuments;
import org.flyte.copilot.upload.watch.SignalWatcher;
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
  /** Exit code when a sidecar could not record its bad command line (as the sidecar's own, 2). */
  static final int EXIT_NO_ERROR_DOCUMENT = 2;

  private final Map<String, String> env;

  ShortErrorHandler(Map<String, String> env) {
    this.env = env;
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
    // wherever the bad flag stands: before "sidecar" picocli blames the root command
    if ((cmd.getCommandSpec().userObject() instanceof SidecarCommand || Main.isSidecar(args))
        && !SidecarCommand.inProcess) {
      // A native sidecar that exits early is restarted forever (D3): report, then wait for the exit signal.
      err.println("copilot sidecar: waiting for the exit signal (SIGTERM) before exiting 1");
      err.flush();
      try {
        SignalWatcher.install().waitForExit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return writeSidecarErrorDocument(args, problem, err, env) ? 1 : EXIT_NO_ERROR_DOCUMENT;
    }
    return 1;
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

  /**
   * Best effort, after the exit signal: re-reads the command line leniently to find the output
   * prefix and the storage flags, and records the parse error as the task's error document.
   *
   * @return whether the document was written
   */
  static boolean writeSidecarErrorDocument(String[] args, String problem, PrintWriter err, Map<String, String> env) {
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
      CliContext ctx = new CliContext(root.global, env, parsed.subcommand().commandSpec().commandLine());
      String ref = ErrorDocuments.write(ctx.store(), sidecar.toOutputPrefix, root.global.errOutputName,
          ErrorDocuments.recoverable(ErrorDocuments.OUTPUT_UPLOAD_FAILED, message));
      err.println("copilot sidecar: error document written to " + ref);
      return true;
    } catch (RuntimeException e) {
      err.println("copilot sidecar: could not write an error document for the bad command line: "
          + Failures.describe(e));
      return false;
    } finally {
      err.flush();
    }
  }

  private static CommandLine.ParseResult lenientParse(String[] args) {
    CommandLine lenient = new CommandLine(new CopilotCommand());
    lenient.setUnmatchedArgumentsAllowed(true);
    lenient.setOverwrittenOptionsAllowed(true);
    return lenient.parseArgs(args);
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
