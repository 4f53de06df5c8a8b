package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copilot run} on the examples, against a local directory store. */
class RunCommandTest {
  @TempDir Path tmp;

  private static Path example(String name) {
    Path p = Path.of("..", "examples", name);
    return Files.exists(p) ? p : Path.of("examples", name);
  }

  @Test
  void wordcount_runsDownloadCommandUpload_andPrintsTypedOutputs() {
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp.resolve("store"), "run",
        example("wordcount.yaml").toString(), "--work-dir", tmp.resolve("work").toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String json = r.out().lines().filter(l -> l.startsWith("{\"exit_code\"")).findFirst().orElseThrow();
    assertThat(json).contains("\"words\":27", "\"stats\":{\"chars\":130,\"lines\":4}",
        "\"long_words\":[\"before\",\"dark\",\"deep\",\"have\",\"keep\",\"lovely\",\"miles\",\"promises\",\"sleep\",\"woods\"]",
        "\"report\":\"file://copilot-runs/wordcount-");
    assertThat(tmp.resolve("work/inputs/text")).hasSameTextualContentAs(example("data/poem.txt"));
    assertThat(tmp.resolve("work/inputs/inputs.json")).content().contains("\"min_length\":4");
    assertThat(tmp.resolve("store/copilot-runs")).isDirectory();
  }

  @Test
  void greet_inputFromFlag_tablePrinted() {
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp, "run",
        example("greet.yaml").toString(), "--input", "name=Ada Lovelace", "--work-dir", tmp.resolve("w").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Hello, my name is Ada Lovelace.")
        .containsPattern("greeting +str +Hello, my name is Ada Lovelace\\.");
  }

  @Test
  void missingInput_namesItAndHowToGiveIt() {
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp, "run", example("greet.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("missing inputs [name (str)]: give them with --input name=value");
  }

  @Test
  void failingCommand_reportsTheSidecarErrorDocument() throws Exception {
    Path spec = tmp.resolve("fail.yaml");
    Files.writeString(spec, """
        name: fail
        input_data_dir: /var/inputs
        output_data_dir: /var/outputs
        inputs: {n: int}
        outputs: {m: int}
        command: ["/bin/sh", "-c", "echo 'bad news' > /var/outputs/_ERROR; exit 3"]
        """);
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp.resolve("s"), "run", spec.toString(),
        "--input", "n=1", "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("\"command_exit_code\":3", "\"error\":\"User Error: bad news\\n\"");
  }

  @Test
  void badValue_namesInputAndType() {
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp, "run",
        example("wordcount.yaml").toString(), "--input", "min_length=lots");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("input \"min_length\": expected int, got [\"lots\"]");
  }
}
