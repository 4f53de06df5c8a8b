package org.flyte.copilot.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Rewrites a command line so that picocli reads boolean flags as Go's pflag does (docs/compatibility.md,
 * "sidecar flags"): a
 * boolean flag never takes the next argument as its value ({@code --logger.mute task.yaml} is the
 * flag and a positional argument), only an attached one ({@code --logger.mute=false}). Bare flags
 * become {@code name=true}; the picocli switches ({@code --stacktrace}, {@code -s}, found in the
 * command's model) lose an attached {@code =true} and disappear with {@code =false}. Arguments after {@code --} are left alone.
 * Go's sub-commands ({@code download}, {@code sidecar}) ignore stray positional arguments, those after
 * a {@code --} included, as cobra's do: {@code --logger.mute false} is the flag, true, and an ignored
 * {@code false}.
 */
final class GoFlags {
  /** The sub-commands of Go's copilot: cobra gives them any positional arguments, which they ignore. */
  static final Set<String> GO_SUBCOMMANDS = Set.of("download", "sidecar");

  /** Boolean flags whose picocli option takes exactly one (attached) value. */
  static final Set<String> VALUED_BOOLEANS = Set.of("--storage.enable-multicontainer",
      "--storage.connection.disable-ssl", "--logger.mute", "--logger.show-source", "--insecure-skip-tls-verify");

  private GoFlags() {}

  /** The names of every option of {@code cl} and its sub-commands that is a switch (a boolean without a value). */
  static Set<String> switches(CommandLine cl) {
    Set<String> names = new HashSet<>();
    collectSwitches(cl.getCommandSpec(), names);
    return names;
  }

  private static void collectSwitches(CommandSpec spec, Set<String> names) {
    for (OptionSpec o : spec.options()) {
      if (o.arity().max() == 0 && (o.type() == boolean.class || o.type() == Boolean.class)) {
        names.addAll(List.of(o.names()));
      }
    }
    for (CommandLine sub : spec.subcommands().values()) {
      collectSwitches(sub.getCommandSpec(), names);
    }
  }

  /** {@code args} as picocli should read them, {@code switches} being {@link #switches} of the command line. */
  static String[] normalize(String[] args, Set<String> switches) {
    List<String> out = new ArrayList<>(args.length);
    Set<Integer> ignored = ignoredPositionals(args);
    boolean positionalOnly = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (ignored.contains(i)) {
        continue;
      }
      if (positionalOnly || !a.startsWith("-")) {
        out.add(a);
        continue;
      }
      if (a.equals("--")) {
        positionalOnly = true;
        out.add(a);
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      if (VALUED_BOOLEANS.contains(name)) {
        out.add(eq < 0 ? a + "=true" : a);
      } else if (switches.contains(name) && eq >= 0) {
        String value = a.substring(eq + 1).toLowerCase(Locale.ROOT);
        if (isTrue(value)) {
          out.add(name);
        } else if (!isFalse(value)) {
          out.add(a); // picocli reports the bad value
        }
      } else {
        out.add(a);
      }
    }
    return out.toArray(String[]::new);
  }

  /**
   * The indexes of the positional arguments a Go sub-command ignores: those after the sub-command,
   * including a {@code --} and all that follows it.
   */
  private static Set<Integer> ignoredPositionals(String[] args) {
    Set<Integer> ignored = new HashSet<>();
    int command = Main.nextPositional(args, 0);
    if (command < 0 || !GO_SUBCOMMANDS.contains(args[command])) {
      return ignored;
    }
    for (int i = Main.nextPositional(args, command + 1); i >= 0; i = Main.nextPositional(args, i + 1)) {
      ignored.add(i);
    }
    int end = List.of(args).subList(command + 1, args.length).indexOf("--");
    for (int i = end < 0 ? args.length : command + 1 + end; i < args.length; i++) {
      ignored.add(i);
    }
    return ignored;
  }

  // strconv.ParseBool's spellings
  private static boolean isTrue(String v) {
    return v.equals("1") || v.equals("t") || v.equals("true");
  }

  private static boolean isFalse(String v) {
    return v.equals("0") || v.equals("f") || v.equals("false");
  }
}
