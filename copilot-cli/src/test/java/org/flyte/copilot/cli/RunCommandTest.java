package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copilot run} on this machine ({@code --no-container}), against a local directory store. */
class RunCommandTest {
  @TempDir Path tmp;

  static Path example(String name) {
    Path p = Path.of("..", "examples", name);
    return Files.exists(p) ? p : Path.of("examples", name);
  }

  /** copilot run with a store in tmp, on the host. */
  private CliRunner.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--storage.stow.config", "path=" + tmp.resolve("store"), "run"));
    all.addAll(List.of(args));
    all.add("--no-container");
    return CliRunner.run(all.toArray(String[]::new));
  }

  private Path spec(String yaml) throws Exception {
    return Files.writeString(tmp.resolve("task-" + System.nanoTime() + ".yaml"), yaml);
  }

  @Test
  void wordcount_runsDownloadCommandUpload_andPrintsTypedOutputs() throws Exception {
    CliRunner.Result r = run(example("wordcount.yaml").toString(), "--work-dir", tmp.resolve("work").toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("outputs").path("words").asInt()).isEqualTo(27);
    assertThat(json.path("outputs").path("stats").toString()).isEqualTo("{\"chars\":130,\"lines\":4}");
    assertThat(json.path("outputs").path("long_words").toString()).isEqualTo(
        "[\"before\",\"dark\",\"deep\",\"have\",\"keep\",\"lovely\",\"miles\",\"promises\",\"sleep\",\"woods\"]");
    assertThat(json.path("outputs").path("report").asText()).startsWith("file://copilot-runs/wordcount-");
    assertThat(tmp.resolve("work/inputs/text")).hasSameTextualContentAs(example("data/poem.txt"));
    assertThat(tmp.resolve("work/inputs/inputs.json")).content().contains("\"min_length\":4");
    assertThat(tmp.resolve("store/copilot-runs")).isDirectory();
  }

  @Test
  void greet_inputFromFlag_tablePrinted_tempWorkDirRemoved() {
    CliRunner.Result r = run(example("greet.yaml").toString(), "--input", "name=Ada Lovelace");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Hello, my name is Ada Lovelace.")
        .containsPattern("greeting +str +Hello, my name is Ada Lovelace\\.").doesNotContain("work dir:");
    Matcher m = Pattern.compile("inputs materialised in (\\S+)/inputs").matcher(r.err());
    assertThat(m.find()).as(r.err()).isTrue();
    assertThat(Path.of(m.group(1))).as("the temporary work dir").doesNotExist();
    assertThat(r.err()).contains("with 2 arguments on this machine", "with 1 output (0 files uploaded now")
        .doesNotContain("1 outputs");
  }

  @Test
  void missingInput_namesItAndHowToGiveIt() {
    CliRunner.Result r = run(example("greet.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("missing inputs [name (str)]: give them with --input name=value");
  }

  @Test
  void failingCommandWithError_exitCodeAndUserMessage_noBlankLine() throws Exception {
    Path spec = spec("""
        name: fail
        input_data_dir: /var/inputs
        output_data_dir: /var/outputs
        inputs: {n: int}
        outputs: {m: int}
        command: ["/bin/sh", "-c", "echo 'bad news' > /var/outputs/_ERROR; exit 3"]
        """);
    CliRunner.Result json = run(spec.toString(), "--input", "n=1", "--json");
    assertThat(json.exitCode()).isEqualTo(3);
    assertThat(new ObjectMapper().readTree(json.out()).path("error").asText())
        .isEqualTo("the command exited with code 3; User Error: bad news");
    CliRunner.Result table = run(spec.toString(), "--input", "n=1");
    assertThat(table.out()).startsWith("task failed: the command exited with code 3; User Error: bad news"
        + System.lineSeparator() + "work dir:");
  }

  @Test
  void commandFailsWithoutOutputs_theExitCodeIsTheMessage() throws Exception {
    Path spec = spec("""
        outputs: {m: int}
        command: ["/bin/sh", "-c", "exit 3"]
        """);
    CliRunner.Result r = run(spec.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(new ObjectMapper().readTree(r.out()).path("error").asText()).startsWith("the command exited with code 3;");
  }

  @Test
  void workDirReused_previousOutputsAreNotThisRunsOutputs() throws Exception {
    String w = tmp.resolve("w").toString();
    assertThat(run(example("greet.yaml").toString(), "-i", "name=b", "--work-dir", w).exitCode()).isZero();
    Path quiet = spec("""
        outputs: {greeting: str}
        command: ["true"]
        """);
    CliRunner.Result r = run(quiet.toString(), "--work-dir", w);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("task failed:", "greeting").doesNotContain("Hello, my name is b.");
    assertThat(tmp.resolve("w/outputs")).isEmptyDirectory();
  }

  @Test
  void workDirNotMadeByCopilot_withFilesInOutputs_isRefused() throws Exception {
    Path w = Files.createDirectories(tmp.resolve("mine/outputs"));
    Files.writeString(w.resolve("precious"), "keep");
    CliRunner.Result r = run(example("greet.yaml").toString(), "-i", "name=x", "--work-dir", tmp.resolve("mine").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("outputs/ is not empty and was not made by copilot run");
    assertThat(w.resolve("precious")).hasContent("keep");
  }

  @Test
  void json_staysValidWhenTheTaskPrints_taskOutputGoesToStderr() throws Exception {
    CliRunner.Result r = run(example("greet.yaml").toString(), "-i", "name=Jo", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("outputs").path("greeting").asText()).isEqualTo("Hello, my name is Jo.");
    assertThat(r.err()).contains("Hello, my name is Jo.");
  }

  @Test
  void relativeInputPath_resolvesAgainstTheCurrentFolder() throws Exception {
    Files.writeString(tmp.resolve("mine.txt"), "one two three\n");
    Path rel = Path.of("").toAbsolutePath().relativize(tmp.resolve("mine.txt"));
    Path spec = Files.createDirectories(tmp.resolve("specs")).resolve("wc.yaml");
    Files.writeString(spec, """
        inputs: {text: file}
        outputs: {n: int}
        command: ["/bin/sh", "-c", "wc -w < /var/flyte/inputs/text > /var/flyte/outputs/n"]
        """);
    CliRunner.Result r = run(spec.toString(), "--input", "text=" + rel, "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).path("outputs").path("n").asInt()).isEqualTo(3);
  }

  @Test
  void stacktraceAfterTheSubCommand_printsTheTrace() {
    CliRunner.Result r = run(tmp.resolve("nope.yaml").toString(), "--stacktrace");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no such file or directory", "\tat org.flyte.copilot.cli.");
  }

  @Test
  void missingSpec_saysWhy() {
    CliRunner.Result r = run(tmp.resolve("nope.yaml").toString());
    assertThat(r.err()).isEqualTo("copilot: " + tmp.resolve("nope.yaml")
        + ": cannot read the task spec: no such file or directory" + System.lineSeparator());
  }

  @Test
  void loggerLevel_helpDefaultIs3_outOfRangeRefused_lowLevelAndMuteHideProgress() {
    assertThat(CliRunner.run("run", "--help").out()).contains("3 warning (default), 4 info");
    CliRunner.Result nine = run(example("greet.yaml").toString(), "-i", "name=x", "--logger.level=9");
    assertThat(nine.exitCode()).isEqualTo(1);
    assertThat(nine.err()).contains("logger.level: 9 is not a level");
    for (String flag : List.of("--logger.level=2", "--logger.mute")) {
      CliRunner.Result r = run(example("greet.yaml").toString(), "-i", "name=x", flag);
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.err()).as(flag).doesNotContain("copilot run:");
    }
    assertThat(run(example("greet.yaml").toString(), "-i", "name=x").err()).contains("copilot run: command exited");
  }

  @Test
  void argumentErrors_showTheUsersWords() {
    assertThat(CliRunner.run("rn", "x.yaml").err()).startsWith("Error: Unknown command 'rn' (commands: download, "
        + "sidecar, run, pod, check, status, version, help)");
    assertThat(CliRunner.run("run").err()).startsWith("Error: Missing required parameter: <task.yaml>");
    assertThat(CliRunner.run("--storage.secret-kye", "s3cr3t", "sidecar").err()).doesNotContain("s3cr3t");
  }

  @Test
  void badTemplate_isFoundBeforeAnythingIsUploaded() throws Exception {
    Path spec = spec("""
        inputs: {n: int}
        command: ["/bin/sh", "-c", "echo {{.inputs.m}}"]
        """);
    CliRunner.Result r = run(spec.toString(), "-i", "n=1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("command[2]: {{.inputs.m}} names no input (inputs: [n])");
    assertThat(tmp.resolve("store")).doesNotExist();
  }

  @Test
  void arguments_areAppendedToTheCommand() throws Exception {
    Path spec = spec("""
        inputs: {who: str}
        outputs: {said: str}
        command: ["/bin/sh", "-c", "echo \\"$0 $1\\" > /var/flyte/outputs/said"]
        arguments: ["hello", "{{.inputs.who}}"]
        """);
    CliRunner.Result r = run(spec.toString(), "-i", "who=you", "--json");
    assertThat(new ObjectMapper().readTree(r.out()).path("outputs").path("said").asText()).as(r.err())
        .isEqualTo("hello you");
  }

  @Test
  void localLogsOff_theCommandsOutputIsNotShown() throws Exception {
    Path spec = spec("""
        outputs: {said: str}
        command: ["/bin/sh", "-c", "echo chatter; echo ok > /var/flyte/outputs/said"]
        local_logs: false
        """);
    CliRunner.Result r = run(spec.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out() + r.err()).doesNotContain("chatter");
  }

  @Test
  void version_showsTheCommit_andItsHelpOnlyItsOwnFlags() {
    String out = CliRunner.run("version").out();
    boolean fromGit = Files.isDirectory(Path.of("..", ".git")) || Files.isRegularFile(Path.of("..", ".git"));
    assertThat(out).containsPattern(fromGit ? "\\(commit [0-9a-f]{12}(-dirty)?\\)" : "\\(commit ");
    assertThat(CliRunner.run("version", "--help").out()).contains("--help").doesNotContain("--storage.type", "--config");
  }
}
