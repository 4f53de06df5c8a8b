package org.flyte.copilot.cli.run;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs the command in the task's image through a container engine, as the pod's main container: the
 * run's {@code inputs/} and {@code outputs/} mounted at the task's data directories, the command left
 * as written. The image is pulled only when the engine does not have it.
 */
public final class ContainerRunner implements CommandRunner {
  private final ContainerEngine engine;
  private final String image;
  private final Consumer<String> status;

  public ContainerRunner(ContainerEngine engine, String image, Consumer<String> status) {
    this.engine = engine;
    this.image = image;
    this.status = status;
  }

  @Override
  public void prepare() throws IOException {
    engine.ensureImage(image, status);
  }

  @Override
  public String where() {
    return "in " + image + " (" + engine.name() + ")";
  }

  @Override
  public String describeExit(int code) {
    return switch (code) {
      case 125 -> engine.name() + " could not run the container (exit 125, see its message above)";
      // 126 is also what podman/runc answer when the container itself cannot start (rlimits, cgroups)
      case 126 -> "the command could not be started in " + image + " (exit 126: the command is not executable,"
          + " or " + engine.name() + " could not start the container, see its message above; --no-container"
          + " runs the command on this machine)";
      case 127 -> "the command was not found in " + image + " (exit 127)";
      case 137 -> "the container was killed (exit 137: out of memory, or stopped)";
      default -> CommandRunner.super.describeExit(code);
    };
  }

  @Override
  public int run(TaskSpec task, List<String> commandLine, RunWorkDir work, Console console) throws IOException {
    work.openToAllUsers();
    String container = "copilot-run-" + task.name().toLowerCase().replaceAll("[^a-z0-9_.-]", "-") + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    return CommandRunner.start(engine.runProcess(container, image, commandLine, work, task), console,
        () -> engine.stop(container));
  }
}
