package org.flyte.copilot.cli;

import java.nio.file.Path;
import org.flyte.copilot.cli.run.TaskSpec;
import picocli.CommandLine.Parameters;

/** The task spec that {@code run} and {@code pod} take as their first parameter (docs/task-spec.md). */
final class TaskSpecFile {
  @Parameters(index = "0", paramLabel = "<task.yaml>", description = "The task spec (docs/task-spec.md).")
  Path path;

  TaskSpec read() {
    return TaskSpec.read(path);
  }
}
