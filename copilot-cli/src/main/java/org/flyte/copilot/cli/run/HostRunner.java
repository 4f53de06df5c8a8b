package org.flyte.copilot.cli.run;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the command on this machine, in the run's folder. The task's data directories do not exist
 * here, so where they stand as paths in the command they are replaced by the run's local folders.
 */
public final class HostRunner implements CommandRunner {
  @Override
  public String where() {
    return "on this machine";
  }

  @Override
  public int run(TaskSpec task, List<String> commandLine, RunWorkDir work, Console console) throws IOException {
    Map<String, String> dirs = new LinkedHashMap<>();
    dirs.put(task.inputDataDir(), work.inputs().toString());
    dirs.put(task.outputDataDir(), work.outputs().toString());
    List<String> local = CommandTemplates.mapDirectories(commandLine, dirs);
    return CommandRunner.start(new ProcessBuilder(local).directory(work.root().toFile()), console, () -> {});
  }
}
