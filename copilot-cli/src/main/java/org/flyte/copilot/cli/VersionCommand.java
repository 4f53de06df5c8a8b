package org.flyte.copilot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code copilot version}: the build's version, the Flyte IDL it speaks, and the Java runtime. */
@Command(name = "version", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100, description = "Print the version and exit.")
final class VersionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
    spec.commandLine().getOut().flush();
  }

  /** Version lines, from the jar manifest when packaged. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CopilotCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "copilot " + (v == null ? "dev" : v),
        "flyteidl " + BuildInfo.FLYTEIDL_VERSION + " (flyteidl.core)",
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
