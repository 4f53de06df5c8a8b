package org.flyte.copilot.cli.run;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A container engine's command-line client, {@code docker} or {@code podman} (both take the same
 * arguments for what copilot run needs): checks for an image, pulls it when missing, runs and stops
 * a container.
 */
public final class ContainerEngine {
  static final List<String> KNOWN = List.of("docker", "podman");

  private final Path executable;
  private final Map<String, String> env;
  private final boolean requested;

  ContainerEngine(Path executable, Map<String, String> env, boolean requested) {
    this.executable = executable;
    this.env = env;
    this.requested = requested;
  }

  /**
   * The engine named by {@code requested} (a name on the PATH or a path), else the first of docker and
   * podman on the PATH that answers (a docker client without a daemon does not); empty when none is
   * found and none was asked for.
   *
   * @param env the environment whose PATH is searched and which the engine's client runs with
   * @param skipped told why an engine found on the PATH is not used
   */
  public static Optional<ContainerEngine> find(String requested, Map<String, String> env, Consumer<String> skipped) {
    String path = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
    if (requested != null && !requested.isBlank()) {
      Optional<Path> exe = requested.contains("/") ? Optional.of(Path.of(requested)).filter(Files::isExecutable)
          : onPath(requested, path);
      return Optional.of(new ContainerEngine(exe.orElseThrow(() -> new IllegalArgumentException(
          "--engine " + requested + ": " + (requested.contains("/") ? "not an executable file" : "not found on the PATH"))),
          env, true));
    }
    for (String name : KNOWN) {
      Optional<Path> exe = onPath(name, path);
      if (exe.isPresent()) {
        ContainerEngine engine = new ContainerEngine(exe.get(), env, false);
        String problem = engine.problem();
        if (problem == null) {
          return Optional.of(engine);
        }
        skipped.accept(name + " does not answer: " + problem);
      }
    }
    return Optional.empty();
  }

  /** Why the engine cannot be used (its daemon is down, ...), or null when it answers. */
  String problem() {
    try {
      Outcome o = call(List.of("image", "ls", "--quiet", "--filter", "reference=copilot-run-probe"));
      return o.exit == 0 ? null : lastLine(o.output);
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private static Optional<Path> onPath(String name, String path) {
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** The client's file name, e.g. {@code podman}. */
  public String name() {
    return executable.getFileName().toString();
  }

  /** Whether the user named this engine ({@code --engine}) rather than copilot finding it on the PATH. */
  boolean requested() {
    return requested;
  }

  /** Pulls {@code image} unless the engine already has it. */
  void ensureImage(String image, Consumer<String> status) throws IOException {
    if (call(List.of("image", "inspect", "--format", "{{.Id}}", image)).exit == 0) {
      return;
    }
    status.accept("pulling " + image + " with " + name());
    Outcome pull = call(List.of("pull", image));
    if (pull.exit != 0) {
      throw new IllegalArgumentException(name() + " pull " + image + " failed (exit " + pull.exit + "): "
          + lastLine(pull.output));
    }
  }

  /**
   * The client's command line that runs the task: its command replaces the image's entrypoint (as
   * Kubernetes' {@code command} does) and the local folders are mounted at the task's paths. The
   * container is kept after it exits, so that {@link #neverStarted} can ask about it; {@link #remove}
   * removes it.
   */
  ProcessBuilder runProcess(String container, String image, List<String> commandLine, RunWorkDir work,
      TaskSpec task) {
    List<String> cmd = new ArrayList<>(List.of("run", "--name", container,
        "--pull", "never",
        "--volume", work.inputs() + ":" + task.inputDataDir(),
        "--volume", work.outputs() + ":" + task.outputDataDir(),
        "--entrypoint", commandLine.get(0),
        image));
    cmd.addAll(commandLine.subList(1, commandLine.size()));
    return process(cmd);
  }

  /**
   * Whether the container exists and was never started: the engine could not start it (a broken OCI
   * runtime, say), so the task's command did not run.
   */
  boolean neverStarted(String container) {
    try {
      Outcome o = call(List.of("container", "inspect", "--format", "{{.State.Status}}", container));
      return o.exit == 0 && o.output.strip().equals("created");
    } catch (IOException e) {
      return false;
    }
  }

  /** The entrypoint {@link #cannotStartContainers} asks for; no image has it. */
  static final String PROBE_ENTRYPOINT = "/copilot-run-probe-does-not-exist";

  private static final long PROBE_SECONDS = 60;

  /**
   * Whether the engine is unable to start any container from {@code image}, asked with a container
   * (named {@code probe}, removed after) whose entrypoint does not exist: an engine that can start
   * containers answers 127 (the executable is not found in the image), one whose runtime is broken
   * answers 125 or 126 (podman with runc failing to set rlimits, say). Anything else, including no
   * answer within a minute, is not taken as the engine being broken.
   */
  boolean cannotStartContainers(String probe, String image) {
    try {
      Process p = process(List.of("run", "--rm", "--name", probe, "--pull", "never", "--entrypoint",
          PROBE_ENTRYPOINT, image)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 125 || p.exitValue() == 126;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      remove(probe);
    }
  }

  /** Stops the container (SIGTERM, SIGKILL after 5 s) and removes it; quietly does nothing when it is gone. */
  void stopAndRemove(String container) {
    quietly(List.of("stop", "--time", "5", container));
    remove(container);
  }

  /** Removes the container; quietly does nothing when it is gone. */
  void remove(String container) {
    quietly(List.of("rm", "--force", container));
  }

  private void quietly(List<String> args) {
    try {
      Process p = process(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // the engine is gone too; the client process is ended by the caller
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The client with {@code args}. */
  private ProcessBuilder process(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return pb;
  }

  private record Outcome(int exit, String output) {}

  private Outcome call(List<String> args) throws IOException {
    Process p = process(args).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      return new Outcome(p.waitFor(), output);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name(), e);
    }
  }

  static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
  }
}
