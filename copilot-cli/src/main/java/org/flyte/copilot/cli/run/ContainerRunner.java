package org.flyte.copilot.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs the command in the task's image through a container engine, as the pod's main container: the
 * run's {@code inputs/} and {@code outputs/} mounted at the task's data directories, the command left
 * as written. The image is pulled only when the engine does not have it.
 *
 * <p>When the engine cannot start the container at all (it exits 125 or 126 and the container was
 * never started: a podman without a working OCI runtime, say), an engine copilot found on its own is
 * given up with one warning line and the command runs on this machine; an engine the user asked for
 * ({@code --engine}) fails the run with the engine's last words. Exit 127 with the container never
 * started is the command missing from the image (docker's and podman's documented meaning), not the
 * engine's failure.
 */
public final class ContainerRunner implements CommandRunner {
  private final ContainerEngine engine;
  private final String image;
  private final Consumer<String> status;
  private final HostRunner host = new HostRunner();
  private boolean onHost;
  private String startFailure;

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
    return onHost ? host.where() : "in " + image + " (" + engine.name() + ")";
  }

  @Override
  public String describeExit(int code) {
    if (onHost) {
      return host.describeExit(code);
    }
    if (startFailure != null) {
      return startFailure;
    }
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
    LastLine engineErr = console.log() == null ? new LastLine(console.err()) : null;
    Console teed = engineErr == null ? console
        : new Console(console.out(), new PrintWriter(engineErr, true), null);
    int exit = CommandRunner.start(engine.runProcess(container, image, commandLine, work, task), teed,
        () -> engine.stopAndRemove(container));
    boolean neverStarted = (exit == 125 || exit == 126) && engine.neverStarted(container);
    engine.remove(container);
    if (!neverStarted) {
      return exit;
    }
    String why = engine.name() + " could not start the container (exit " + exit + ": "
        + (engineErr != null ? engineErr.get() : lastLineOfTheLog(console)) + ")";
    if (engine.requested()) {
      startFailure = why + "; --no-container runs the command on this machine";
      return exit;
    }
    console.err().println("copilot run: " + why + ", so the command runs on this machine, not in " + image
        + " (--no-container skips " + engine.name() + "; --engine " + engine.name() + " makes this an error)");
    console.err().flush();
    onHost = true;
    return host.run(task, commandLine, work, console);
  }

  /** The engine's last line in the command's log file: the task never ran, so the log is the engine's. */
  private static String lastLineOfTheLog(Console console) throws IOException {
    return ContainerEngine.lastLine(Files.readString(console.log()));
  }
}
