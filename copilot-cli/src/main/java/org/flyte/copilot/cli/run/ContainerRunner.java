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
 * <p>When the engine cannot start containers at all (it exits 125 or 126, the container was never
 * started, and a probe container whose entrypoint does not exist fails the same way instead of with
 * 127: a podman without a working OCI runtime, say), an engine copilot found on its own is given up
 * with one warning line and the command runs on this machine; an engine the user asked for
 * ({@code --engine}) fails the run with the engine's last words. When the probe answers 127 the engine
 * works and the failure is the task's (its command is not executable in the image, say), reported with
 * the engine's last words. Exit 127 with the container never started is the command missing from the
 * image (docker's and podman's documented meaning), not the engine's failure. The container is
 * removed however the run ends, also when copilot is stopped.
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
    String probe = container + "-probe";
    // The container is kept after it exits (no --rm, so that its state can be asked); whatever ends
    // this method, or this JVM meanwhile (SIGTERM after the child's end), it is removed.
    Thread removal = new Thread(() -> {
      engine.remove(container);
      engine.remove(probe);
    }, "copilot-run-remove");
    Runtime.getRuntime().addShutdownHook(removal);
    try {
      int exit;
      boolean neverStarted;
      try {
        exit = CommandRunner.start(engine.runProcess(container, image, commandLine, work, task), teed,
            () -> engine.stopAndRemove(container));
        neverStarted = (exit == 125 || exit == 126) && engine.neverStarted(container);
      } finally {
        engine.remove(container);
      }
      if (!neverStarted) {
        return exit;
      }
      String last = engineErr != null ? engineErr.get() : lastLineOfTheLog(console);
      // The container is also left "created" when the task's own command cannot be executed (exit 126,
      // "exec: /main.sh: permission denied"): the engine is given up only when it cannot start a
      // container whose entrypoint does not exist either.
      if (!engine.cannotStartContainers(probe, image)) {
        startFailure = exit == 126 ? "the command could not be started in " + image + " (exit 126: " + last + ")"
            : engine.name() + " could not run the container (exit 125: " + last + ")";
        return exit;
      }
      String why = engine.name() + " could not start the container (exit " + exit + ": " + last + ")";
      if (engine.requested()) {
        startFailure = why + "; --no-container runs the command on this machine";
        return exit;
      }
      console.err().println("copilot run: " + why + ", so the command runs on this machine, not in " + image
          + " (--no-container skips " + engine.name() + "; --engine " + engine.name() + " makes this an error)");
      console.err().flush();
      onHost = true;
      return host.run(task, commandLine, work, console);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(removal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /** The engine's last line in the command's log file: the task never ran, so the log is the engine's. */
  private static String lastLineOfTheLog(Console console) throws IOException {
    return ContainerEngine.lastLine(Files.readString(console.log()));
  }
}
