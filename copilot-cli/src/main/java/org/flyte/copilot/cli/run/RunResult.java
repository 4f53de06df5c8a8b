package org.flyte.copilot.cli.run;

import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.literal.text.GoStrings;
import org.flyte.copilot.core.literal.LiteralTypes;
import org.flyte.copilot.core.literal.LiteralText;

/**
 * What a local run produced: the typed outputs, or the one message that says why the task failed.
 *
 * @param exitCode copilot run's exit code: the command's when it failed, 1 when only the outputs did, else 0
 * @param error null on success
 */
public record RunResult(int exitCode, int commandExitCode, String prefix, Map<String, LiteralType> types,
    LiteralMap outputs, String error) {

  public String toTable() {
    StringBuilder b = new StringBuilder();
    if (error != null) {
      return b.append("task failed: ").append(error).append(System.lineSeparator()).toString();
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"output", "type", "value"});
    for (String name : new TreeSet<>(outputs.getLiteralsMap().keySet())) {
      LiteralType t = types.get(name);
      rows.add(new String[] {name, t == null ? "?" : LiteralTypes.specName(t),
          LiteralText.display(outputs.getLiteralsMap().get(name))});
    }
    int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    for (String[] r : rows) {
      b.append(String.format("%-" + w0 + "s  %-" + w1 + "s  %s", r[0], r[1], r[2]).stripTrailing())
          .append(System.lineSeparator());
    }
    b.append(System.lineSeparator()).append("outputs.pb:  ")
        .append(DataReference.construct(prefix, "outputs", "outputs.pb")).append(System.lineSeparator());
    return b.toString();
  }

  public String toJson() {
    StringBuilder b = new StringBuilder("{\"exit_code\":").append(exitCode)
        .append(",\"command_exit_code\":").append(commandExitCode)
        .append(",\"prefix\":").append(GoStrings.jsonQuote(prefix));
    if (error != null) {
      b.append(",\"error\":").append(GoStrings.jsonQuote(error));
    } else {
      b.append(",\"outputs\":{");
      boolean first = true;
      for (String name : new TreeSet<>(outputs.getLiteralsMap().keySet())) {
        b.append(first ? "" : ",").append(GoStrings.jsonQuote(name)).append(':')
            .append(LiteralText.json(outputs.getLiteralsMap().get(name)));
        first = false;
      }
      b.append('}');
    }
    return b.append('}').toString();
  }
}
