package org.flyte.copilot.cli.run;

import flyteidl.core.Literals.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{.inputs.<name>}}} in a command the way Flyte's orchestrator does before the pod
 * starts (docs/compatibility.md, "Pod contract"); on the host (no container) also moves the task's data
 * directories to
 * local ones.
 */
public final class CommandTemplates {
  private static final Pattern INPUT = Pattern.compile("(?i)\\{\\{\\s*[.$]inputs\\.([^}\\s]+)\\s*}}");

  private CommandTemplates() {}

  /** The input names an argument refers to, in order. */
  public static List<String> inputNames(String arg) {
    List<String> names = new ArrayList<>();
    Matcher m = INPUT.matcher(arg);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * The command with every {@code {{.inputs.<name>}}} replaced.
   *
   * @param render the text of a literal as the orchestrator renders it
   */
  public static List<String> render(List<String> command, Map<String, Literal> inputs,
      Function<Literal, String> render) {
    List<String> out = new ArrayList<>(command.size());
    for (String arg : command) {
      Matcher m = INPUT.matcher(arg);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        Literal l = inputs.get(name);
        if (l == null) {
          throw new IllegalArgumentException("command refers to {{.inputs." + name + "}} but the task has no input "
              + "named \"" + name + "\" (inputs: " + inputs.keySet() + ")");
        }
        m.appendReplacement(b, Matcher.quoteReplacement(render.apply(l)));
      }
      m.appendTail(b);
      out.add(b.toString());
    }
    return out;
  }

  /**
   * Without a container the task's data directories do not exist on this machine: each one is replaced
   * where it stands as a whole path in an argument.
   *
   * @param dirs data directories of the spec mapped to the local directories that stand in for them
   */
  public static List<String> mapDirectories(List<String> command, Map<String, String> dirs) {
    List<String> out = new ArrayList<>(command.size());
    for (String arg : command) {
      String s = arg;
      for (Map.Entry<String, String> d : dirs.entrySet()) {
        s = replaceDir(s, d.getKey(), d.getValue());
      }
      out.add(s);
    }
    return out;
  }

  /** Replaces {@code dir} where it stands as a whole path prefix (followed by '/', a quote, space or end). */
  static String replaceDir(String s, String dir, String local) {
    String d = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    Pattern p = Pattern.compile(Pattern.quote(d) + "(?=$|[/\\s'\"`;|&)>])");
    return p.matcher(s).replaceAll(Matcher.quoteReplacement(local));
  }
}
