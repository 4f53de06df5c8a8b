package org.flyte.copilot.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; on its own it only explains that a sub-command is needed. */
@Command(
    name = "copilot",
    mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    versionProvider = VersionCommand.Provider.class,
    subcommands = {DownloadCommand.class, SidecarCommand.class, RunCommand.class, PodCommand.class,
        CheckCommand.class, StatusCommand.class, VersionCommand.class,
        CommandLine.HelpCommand.class},
    description = {
      "Moves a Flyte raw-container task's data between object storage and the pod's volumes. "
          + "A drop-in replacement for Flyte's flyte-copilot: same sub-commands, flags and files.",
      "",
      "Storage is configured like Flyte's storage section: --config files, --storage.* flags, or "
          + "environment variables named like STORAGE.TYPE (flag > env > file > default)."
    },
    footer = {"", "Run 'copilot <command> --help' for a command's flags."})
public final class CopilotCommand implements Runnable {
  @Mixin GlobalOptions global;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "use one of the sub-commands");
  }

  /** Parses and runs {@code args} in-process; returns the exit code. Only {@link Main} exits the JVM. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return execute(args, out, err, env, SidecarDeferral.NONE);
  }

  static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env,
      SidecarDeferral sidecarDeferral) {
    CommandLine cl = newCommandLine(env, sidecarDeferral);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(GoFlags.normalize(args, GoFlags.switches(cl)));
  }

  static CommandLine newCommandLine(Map<String, String> env) {
    return newCommandLine(env, SidecarDeferral.NONE);
  }

  static CommandLine newCommandLine(Map<String, String> env, SidecarDeferral sidecarDeferral) {
    CommandLine cl = new CommandLine(new CopilotCommand());
    cl.setOverwrittenOptionsAllowed(true); // as Go's pflag: a flag given twice takes the last value
    cl.setParameterExceptionHandler(new ShortErrorHandler(sidecarDeferral));
    cl.setExecutionExceptionHandler(new FailureHandler());
    cl.setExecutionStrategy(new ContextExecutionStrategy(env));
    VersionCommand.showOwnOptionsOnly(cl.getSubcommands().get("version"));
    return cl;
  }
}
