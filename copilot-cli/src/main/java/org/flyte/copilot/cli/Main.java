package org.flyte.copilot.cli;

import java.util.Set;
import org.flyte.copilot.upload.watch.SignalWatcher;

/**
 * Entry point of the {@code copilot} executable. Kept tiny on purpose: for {@code sidecar} the SIGTERM
 * handler is installed before any other class of copilot or its libraries is loaded, because until
 * then a SIGTERM ends the JVM (exit 143, outputs lost) or, as PID 1 of a container, is dropped.
 */
public final class Main {
  /**
   * The flags of every command that never take the next argument as their value: Go's boolean flags
   * and picocli's switches. Any other option written without {@code =} takes the next argument, as in
   * cobra. A list rather than picocli's model so that finding the sub-command loads nothing;
   * {@code MainTest} checks it against the model.
   */
  static final Set<String> FLAGS_WITHOUT_VALUE = Set.of("-h", "--help", "-V", "--version", "-s", "--show-source",
      "--stacktrace", "--storage.enable-multicontainer", "--storage.connection.disable-ssl", "--logger.mute",
      "--logger.show-source", "--insecure-skip-tls-verify", "--json", "--no-container", "--once");

  private Main() {}

  public static void main(String[] args) {
    if (isSidecar(args)) {
      SignalWatcher.install();
    }
    CopilotProcess.run(args);
  }

  /** The sub-commands' names; {@code MainTest} checks them against picocli's model. */
  static final Set<String> SUBCOMMANDS = Set.of("download", "sidecar", "run", "pod", "check", "status", "version",
      "help");

  /**
   * True when the sub-command is {@code sidecar}: the first argument that is neither an option nor an
   * option's value. When that is not a sub-command's name (an unknown flag or a stray word took its
   * place), the line fails to parse anyway; if it names {@code sidecar} before any other sub-command, the
   * failure is the sidecar's, reported after the exit signal (docs/compatibility.md, D3) rather than in a
   * restart loop of the native sidecar.
   */
  public static boolean isSidecar(String[] args) {
    int i = nextPositional(args, 0);
    if (i >= 0 && SUBCOMMANDS.contains(args[i])) {
      return args[i].equals("sidecar");
    }
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (SUBCOMMANDS.contains(a)) {
        return a.equals("sidecar");
      }
    }
    return false;
  }

  /**
   * The index of the first argument from {@code from} on that is neither an option nor an option's
   * value, or -1 when there is none before the end or a {@code --} (after which cobra looks for no
   * sub-command).
   */
  static int nextPositional(String[] args, int from) {
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        return -1;
      }
      if (!a.startsWith("-") || a.equals("-")) {
        return i;
      }
      if (takesNextArgument(a) && i + 1 < args.length && isValue(args[i + 1])) {
        i++;
      }
    }
    return -1;
  }

  /**
   * Whether the argument after an option that takes one can be its value: not another option (picocli
   * reads {@code --unknown --to-output-prefix x} as an unknown option and a known one), a negative
   * number excepted.
   */
  private static boolean isValue(String next) {
    return !next.startsWith("-") || next.length() > 1 && (Character.isDigit(next.charAt(1)) || next.charAt(1) == '.');
  }

  /** Cobra's rule: {@code --name} and {@code -x} take the next argument unless they are boolean flags. */
  private static boolean takesNextArgument(String option) {
    boolean separate = option.startsWith("--") ? !option.contains("=") : option.length() == 2;
    return separate && !FLAGS_WITHOUT_VALUE.contains(option);
  }
}
