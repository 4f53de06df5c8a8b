package org.flyte.copilot.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code copilot version}: the build's version and commit, the Flyte IDL it speaks, and the Java runtime. */
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

  /** Its help lists only its own flags, not the storage flags every command inherits. */
  static void showOwnOptionsOnly(CommandLine version) {
    version.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, new OwnOptions());
  }

  /** The option list without inherited options (a class, not a lambda: nothing to bootstrap at start-up). */
  private static final class OwnOptions implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(CommandLine.Help help) {
      List<CommandLine.Model.OptionSpec> own = new ArrayList<>();
      for (CommandLine.Model.OptionSpec o : help.commandSpec().options()) {
        if (!o.inherited()) {
          own.add(o);
        }
      }
      return help.optionListExcludingGroups(own);
    }
  }

  /** The commit the build was made from: build.properties, written by the build (absent outside git). */
  static String commit() {
    try (InputStream in = VersionCommand.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "";
      }
      Properties p = new Properties();
      p.load(in);
      String commit = p.getProperty("commit", "").strip();
      return commit.startsWith("${") ? "" : commit; // a build that could not ask git
    } catch (IOException e) {
      return "";
    }
  }

  /** Version lines, from the jar manifest when packaged. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CopilotCommand.class.getPackage().getImplementationVersion();
      String commit = commit();
      return new String[] {
        "copilot " + (v == null ? "dev" : v) + " (commit " + (commit.isEmpty() ? "unknown" : commit) + ")",
        "flyteidl " + BuildInfo.FLYTEIDL_VERSION + " (flyteidl.core)",
        "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
