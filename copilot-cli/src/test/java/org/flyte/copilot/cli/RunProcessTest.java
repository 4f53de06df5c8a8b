package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** copilot as a separate process: signals, the current folder, logging before the config is read. */
@Timeout(120)
class RunProcessTest {
  @TempDir Path tmp;

  static ProcessBuilder copilot(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
  }

  private static boolean alive(Path pidFile) throws Exception {
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    return h.isPresent() && h.get().isAlive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void signalToCopilot_endsTheTasksCommandToo(String signal) throws Exception {
    Path spec = Files.writeString(tmp.resolve("sleepy.yaml"), """
        outputs: {m: int}
        command: ["/bin/sh", "-c", "echo $$ > /var/flyte/outputs/sh.pid; sleep 300 & echo $! > /var/flyte/outputs/sleep.pid; wait"]
        """);
    Path work = tmp.resolve("w");
    Process p = copilot(tmp, "--storage.stow.config", "path=" + tmp.resolve("store"), "run", spec.toString(),
        "--no-container", "--work-dir", work.toString())
        .redirectOutput(tmp.resolve("log").toFile()).start();
    Path sleepPid = work.resolve("outputs/sleep.pid");
    for (int i = 0; i < 600 && !(Files.exists(sleepPid) && Files.size(sleepPid) > 0); i++) {
      Thread.sleep(50);
    }
    assertThat(sleepPid).as(Files.readString(tmp.resolve("log"))).exists();
    assertThat(alive(sleepPid)).isTrue();
    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long deadline = System.currentTimeMillis() + 10_000;
    while ((alive(sleepPid) || alive(work.resolve("outputs/sh.pid"))) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(alive(sleepPid)).as("the command's child after SIG" + signal).isFalse();
    assertThat(alive(work.resolve("outputs/sh.pid"))).as("the command after SIG" + signal).isFalse();
  }

  @Test
  void flytectlConfigInTheCurrentFolder_isNotReadByRun() throws Exception {
    Files.writeString(tmp.resolve("config.yaml"), """
        admin:
          endpoint: dns:///localhost:30080
          insecure: true
        logger:
          level: 0
        """);
    Path greet = RunCommandTest.example("greet.yaml").toAbsolutePath();
    Process p = copilot(tmp, "--storage.stow.config", "path=" + tmp.resolve("store"), "run", greet.toString(),
        "-i", "name=cwd", "--no-container").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("Hello, my name is cwd.", "copilot run: command exited").doesNotContain("admin");
  }

  @Test
  void sidecarWithoutArguments_logsOneLinePerRecord() throws Exception {
    Process p = copilot(tmp, "--logger.level=4", "sidecar").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\S+Z info No output interface provided\\. Assuming Void outputs\\.$")
        .doesNotContain("INFO:", "SidecarCommand$LogListener");
  }
}
