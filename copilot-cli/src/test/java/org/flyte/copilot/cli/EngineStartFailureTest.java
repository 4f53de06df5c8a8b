package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copilot run} with a container engine that answers but cannot start containers: a fake
 * {@code docker} on the PATH that lists and inspects images, fails {@code run} with exit 126 as podman
 * does without a working OCI runtime, and reports the container in the state the test gives it.
 */
class EngineStartFailureTest {
  private static final String ENGINE_ERROR =
      "Error: runc: runc create failed: unable to start container process: OCI permission denied";
  @TempDir Path tmp;

  /**
   * An engine whose {@code run} exits 126 and leaves the container in {@code state}, and whose probe
   * (a container with an entrypoint that does not exist) fails the same way; its calls go to calls.log.
   */
  private Map<String, String> fakeEngine(String state) throws Exception {
    return fakeEngine(state, 126);
  }

  private Map<String, String> fakeEngine(String state, int runExit) throws Exception {
    return fakeEngine(state, runExit, ENGINE_ERROR, 126);
  }

  /**
   * @param runError the engine's last line when the task's {@code run} fails
   * @param probeExit what {@code run --entrypoint /copilot-run-probe-does-not-exist} answers: 127 from an
   *     engine that can start containers, 125 or 126 from a broken one
   */
  private Map<String, String> fakeEngine(String state, int runExit, String runError, int probeExit) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path docker = Files.writeString(bin.resolve("docker"), """
        #!/bin/sh
        echo "$*" >> %s
        case "$1 $2" in
          "image ls") exit 0 ;;
          "image inspect") echo sha256:fake; exit 0 ;;
          "container inspect") echo %s; exit 0 ;;
        esac
        case "$1 $*" in
          "run "*" --entrypoint /copilot-run-probe-does-not-exist "*)
            case %d in
              127) echo "Error: crun: executable file '/copilot-run-probe-does-not-exist' not found" >&2 ;;
              *) echo "%s" >&2 ;;
            esac
            exit %d ;;
        esac
        case "$1" in
          run) echo "%s" >&2; exit %d ;;
          stop|rm) exit 0 ;;
        esac
        exit 2
        """.formatted(tmp.resolve("calls.log"), state, probeExit, ENGINE_ERROR, probeExit, runError, runExit));
    Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of("PATH", bin + ":/usr/bin:/bin");
  }

  private CliRunner.Result greet(Map<String, String> env, String... extra) {
    return run(RunCommandTest.example("greet.yaml"), env, extra);
  }

  /** examples/greet.yaml with {@code local_logs: false}: the command's output goes to command.log. */
  private Path greetLoggingToAFile() throws Exception {
    return Files.writeString(tmp.resolve("greet.yaml"),
        Files.readString(RunCommandTest.example("greet.yaml")) + "\nlocal_logs: false\n");
  }

  private CliRunner.Result run(Path spec, Map<String, String> env, String... extra) {
    List<String> all = new ArrayList<>(List.of("--storage.stow.config", "path=" + tmp.resolve("store"), "run",
        spec.toString(), "--input", "name=Flyte"));
    all.addAll(List.of(extra));
    return CliRunner.run(env, all.toArray(String[]::new));
  }

  @Test
  void anEngineFoundOnThePath_thatCannotStartTheContainer_givesWayToTheHostWithOneWarning() throws Exception {
    CliRunner.Result r = greet(fakeEngine("created"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("greeting +str +Hello, my name is Flyte\\.");
    assertThat(r.err().lines().filter(l -> l.startsWith("copilot run: docker could not start")).toList())
        .containsExactly("copilot run: docker could not start the container (exit 126: " + ENGINE_ERROR + "), so the"
            + " command runs on this machine, not in debian:bookworm-slim (--no-container skips docker;"
            + " --engine docker makes this an error)");
    assertThat(tmp.resolve("calls.log")).content().containsPattern("(?m)^rm --force copilot-run-greet-")
        .containsPattern("(?m)^run --rm --name copilot-run-greet-\\S+-probe --pull never"
            + " --entrypoint /copilot-run-probe-does-not-exist debian:bookworm-slim$");
  }

  @Test
  void anEngineTheUserAskedFor_thatCannotStartTheContainer_failsTheRunNamingIt() throws Exception {
    CliRunner.Result r = greet(fakeEngine("created"), "--engine", "docker");
    assertThat(r.exitCode()).isEqualTo(126);
    assertThat(r.out() + r.err()).contains("docker could not start the container (exit 126: " + ENGINE_ERROR
        + "); --no-container runs the command on this machine");
    assertThat(r.out()).doesNotContain("Hello, my name is Flyte.");
  }

  @Test
  void aTaskThatStartedAndExited126_isNotRunAgainOnTheHost() throws Exception {
    CliRunner.Result r = greet(fakeEngine("exited"));
    assertThat(r.exitCode()).isEqualTo(126);
    assertThat(r.out() + r.err()).contains("the command could not be started in debian:bookworm-slim (exit 126")
        .doesNotContain("runs on this machine, not in");
    assertThat(r.out()).doesNotContain("Hello, my name is Flyte.");
  }

  @Test
  void exit127WithTheContainerNeverStarted_isTheCommandMissingFromTheImage_notTheEngine() throws Exception {
    CliRunner.Result r = greet(fakeEngine("created", 127));
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.out() + r.err()).contains("the command was not found in debian:bookworm-slim (exit 127)")
        .doesNotContain("runs on this machine, not in");
  }

  @Test
  void aTaskWhoseCommandCannotBeExecuted_isReportedAsItsFailure_whenTheProbeShowsTheEngineWorks() throws Exception {
    String permissionDenied = "Error: crun: open executable: Operation not permitted: OCI permission denied"
        + " (exec: /main.sh: permission denied)";
    CliRunner.Result r = greet(fakeEngine("created", 126, permissionDenied, 127));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(126);
    assertThat(r.out() + r.err())
        .contains("the command could not be started in debian:bookworm-slim (exit 126: " + permissionDenied + ")")
        .doesNotContain("runs on this machine, not in")
        .doesNotContain("docker could not start the container");
    assertThat(r.out()).doesNotContain("Hello, my name is Flyte.");
    assertThat(tmp.resolve("calls.log")).content()
        .containsPattern("(?m)^run .*--entrypoint /copilot-run-probe-does-not-exist debian:bookworm-slim$")
        .containsPattern("(?m)^rm --force copilot-run-greet-[^ ]+$");
  }

  @Test
  void anEngineTheUserAskedFor_thatWorks_reportsTheTasksOwnExit126AsTheTasks() throws Exception {
    CliRunner.Result r = greet(fakeEngine("created", 126, "exec: /main.sh: permission denied", 127),
        "--engine", "docker");
    assertThat(r.exitCode()).isEqualTo(126);
    assertThat(r.out() + r.err())
        .contains("the command could not be started in debian:bookworm-slim (exit 126: exec: /main.sh: permission denied)")
        .doesNotContain("--no-container runs the command on this machine");
  }

  @Test
  void theContainerIsRemoved_evenWhenStartingTheEnginesClientFails() throws Exception {
    Map<String, String> env = fakeEngine("exited");
    Path work = tmp.resolve("work");
    // the command's output cannot go to command.log, a folder: starting the client throws
    Files.createDirectories(work.resolve("command.log"));
    CliRunner.Result r = run(greetLoggingToAFile(), env, "--work-dir", work.toString());
    assertThat(r.exitCode()).as(r.err()).isNotZero();
    assertThat(Files.readString(tmp.resolve("calls.log")).lines().filter(l -> l.startsWith("run ")).toList())
        .as("the client never ran").isEmpty();
    assertThat(tmp.resolve("calls.log")).content().containsPattern("(?m)^rm --force copilot-run-greet-[^ ]+$");
  }

  @Test
  void theTasksOwnExit126_withItsOutputInCommandLog_isReportedWithTheEnginesLastLineThere() throws Exception {
    Path work = tmp.resolve("work");
    CliRunner.Result r = run(greetLoggingToAFile(), fakeEngine("created", 126, "exec: /main.sh: permission denied", 127),
        "--work-dir", work.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(126);
    assertThat(r.out() + r.err())
        .contains("the command could not be started in debian:bookworm-slim (exit 126: exec: /main.sh: permission denied)")
        .doesNotContain("runs on this machine, not in");
    assertThat(work.resolve("command.log")).content().doesNotContain("Hello, my name is Flyte.");
  }
}
