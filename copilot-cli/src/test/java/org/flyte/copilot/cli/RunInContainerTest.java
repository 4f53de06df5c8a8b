package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copilot run} in the task's image through podman, with a local debian:bookworm-slim made by
 * src/test/sh/podman-ready.sh (installs podman where it can, else the class is skipped with one line).
 */
@Timeout(300)
class RunInContainerTest {
  static Map<String, String> env;
  @TempDir Path tmp;

  @BeforeAll
  static void podman(@TempDir Path conf) throws Exception {
    Path script = Path.of("src/test/sh/podman-ready.sh").toAbsolutePath();
    Process p = new ProcessBuilder("bash", script.toString(), conf.toString()).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().lines().toList();
    p.waitFor();
    String last = lines.isEmpty() ? "skip podman-ready.sh printed nothing" : lines.get(lines.size() - 1);
    if (!last.startsWith("ready ")) {
      System.out.println("copilot run container tests skipped: " + last.replaceFirst("^skip ", ""));
    }
    Assumptions.assumeTrue(last.startsWith("ready "), last);
    env = Map.of("CONTAINERS_CONF", last.substring("ready ".length()), "PATH", System.getenv("PATH"));
  }

  private CliRunner.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--storage.stow.config", "path=" + tmp.resolve("store"), "run"));
    all.addAll(List.of(args));
    all.addAll(List.of("--engine", "podman"));
    return CliRunner.run(env, all.toArray(String[]::new));
  }

  private Path spec(String yaml) throws Exception {
    return Files.writeString(tmp.resolve("task-" + System.nanoTime() + ".yaml"), yaml);
  }

  @Test
  void wordcount_inItsImage() throws Exception {
    CliRunner.Result r = run(RunCommandTest.example("wordcount.yaml").toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("with 2 arguments in debian:bookworm-slim (podman)");
    JsonNode out = new ObjectMapper().readTree(r.out()).path("outputs");
    assertThat(out.path("words").asInt()).isEqualTo(27);
    assertThat(out.path("stats").toString()).isEqualTo("{\"chars\":130,\"lines\":4}");
    assertThat(out.path("long_words").size()).isEqualTo(10);
  }

  @Test
  void greet_inItsImage_pathsMountedNotRewritten() throws Exception {
    CliRunner.Result greet = run(RunCommandTest.example("greet.yaml").toString(), "-i", "name=Pod");
    assertThat(greet.exitCode()).as(greet.err()).isZero();
    assertThat(greet.out()).contains("Hello, my name is Pod.").containsPattern("greeting +str +Hello, my name is Pod\\.");
    Path spec = spec("""
        image: debian:bookworm-slim
        input_data_dir: /data/in
        output_data_dir: /data/out
        inputs: {n: int}
        outputs: {where: str, inside: bool, n: int}
        command: ["/bin/sh", "-c"]
        arguments:
          - echo /data/in > /data/out/where; test -e /run/.containerenv && echo true > /data/out/inside; cp /data/in/n /data/out/n
        """);
    CliRunner.Result r = run(spec.toString(), "-i", "n=7", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode out = new ObjectMapper().readTree(r.out()).path("outputs");
    assertThat(out.path("where").asText()).isEqualTo("/data/in");
    assertThat(out.path("inside").asBoolean()).isTrue();
    assertThat(out.path("n").asInt()).isEqualTo(7);
  }

  @Test
  void failures_exitCodeAndErrorFile_commandNotFound() throws Exception {
    Path fail = spec("""
        image: debian:bookworm-slim
        outputs: {m: int}
        command: ["/bin/sh", "-c", "printf 'bad news' > /var/flyte/outputs/_ERROR; exit 3"]
        """);
    CliRunner.Result r = run(fail.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(new ObjectMapper().readTree(r.out()).path("error").asText())
        .isEqualTo("the command exited with code 3; User Error: bad news");
    Path missing = spec("""
        image: debian:bookworm-slim
        outputs: {m: int}
        command: ["/no/such/tool"]
        """);
    CliRunner.Result nf = run(missing.toString(), "--json");
    assertThat(nf.exitCode()).as(nf.err()).isEqualTo(127);
    assertThat(new ObjectMapper().readTree(nf.out()).path("error").asText())
        .startsWith("the command was not found in debian:bookworm-slim (exit 127)");
  }

  @Test
  void missingImage_failsBeforeAnythingIsUploaded() throws Exception {
    Path spec = spec("""
        image: localhost/copilot-no-such-image:1
        command: ["true"]
        """);
    CliRunner.Result r = run(spec.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("pulling localhost/copilot-no-such-image:1 with podman",
        "copilot: podman pull localhost/copilot-no-such-image:1 failed");
    assertThat(tmp.resolve("store")).doesNotExist();
  }

  @Test
  void ctrlC_stopsTheContainer() throws Exception {
    Path spec = spec("""
        name: sleepy
        image: debian:bookworm-slim
        outputs: {m: int}
        command: ["/bin/sh", "-c", "touch /var/flyte/outputs/started; exec sleep 300"]
        """);
    Path work = tmp.resolve("w");
    ProcessBuilder pb = RunProcessTest.copilot(tmp, "--storage.stow.config", "path=" + tmp.resolve("store"), "run",
        spec.toString(), "--engine", "podman", "--work-dir", work.toString()).redirectOutput(tmp.resolve("log").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    for (int i = 0; i < 1200 && !Files.exists(work.resolve("outputs/started")); i++) {
      Thread.sleep(50);
    }
    assertThat(work.resolve("outputs/started")).as(Files.readString(tmp.resolve("log"))).exists();
    assertThat(containers()).anyMatch(n -> n.startsWith("copilot-run-sleepy-"));
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(tmp.resolve("log"))).isTrue();
    assertThat(containers()).noneMatch(n -> n.startsWith("copilot-run-sleepy-"));
  }

  private static List<String> containers() throws Exception {
    ProcessBuilder pb = new ProcessBuilder("podman", "ps", "--all", "--format", "{{.Names}}").redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    List<String> names = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    p.waitFor();
    return names;
  }
}
