package org.flyte.copilot.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.Types.SimpleType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task spec of docs/task-spec.md: defaults, and one error naming the field for a bad spec. */
class TaskSpecTest {
  @TempDir Path tmp;

  private TaskSpec read(String yaml) throws Exception {
    return TaskSpec.read(Files.writeString(tmp.resolve("t.yaml"), yaml));
  }

  @Test
  void defaults_areFlytes() throws Exception {
    TaskSpec t = read("command: [true]\n");
    assertThat(t.name()).isEqualTo("t");
    assertThat(t.image()).isEmpty();
    assertThat(t.inputDataDir()).isEqualTo("/var/flyte/inputs");
    assertThat(t.outputDataDir()).isEqualTo("/var/flyte/outputs");
    assertThat(t.metadataFormat()).isEqualTo("JSON");
    assertThat(t.fileInputLayout()).isEqualTo("DIRECT");
    assertThat(t.localLogs()).isTrue();
    assertThat(t.arguments()).isEmpty();
  }

  @Test
  void everyField_isRead() throws Exception {
    TaskSpec t = read("""
        name: all
        image: debian:bookworm-slim
        description: every field
        input_data_dir: /in/
        output_data_dir: /out
        metadata_format: yaml
        file_input_layout: NAMED_DIR
        local_logs: false
        inputs:
          n: {type: int, default: 3, description: a number}
        outputs:
          m: {type: "optional[float]", description: maybe}
        command: [sh, -c]
        arguments: ["echo {{.inputs.n}} > /out/m"]
        """);
    assertThat(t.commandLine()).containsExactly("sh", "-c", "echo {{.inputs.n}} > /out/m");
    assertThat(t.inputDataDir()).isEqualTo("/in");
    assertThat(t.metadataFormat()).isEqualTo("YAML");
    assertThat(t.fileInputLayout()).isEqualTo("NAMED_DIR");
    assertThat(t.localLogs()).isFalse();
    assertThat(t.defaults().get("n").asInt()).isEqualTo(3);
    assertThat(t.typedInterface().getInputs().getVariablesOrThrow("n").getType().getSimple()).isEqualTo(SimpleType.INTEGER);
    assertThat(t.typedInterface().getOutputs().getVariablesOrThrow("m").getType().hasUnionType()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "command: [true]\\nimgae: x                       | unknown field imgae (known: arguments, command,",
      "command: []                                      | command: a non-empty list of strings is needed",
      "command: [true, [x]]                             | command[1]: a string is needed",
      "command: echo hi                                 | command: a list of strings is needed",
      "command: [true]\\narguments: x                   | arguments: a list of strings is needed",
      "command: [true]\\nmetadata_format: XML           | metadata_format: XML is not one of JSON, YAML, PROTO",
      "command: [true]\\nfile_input_layout: FLAT        | file_input_layout: FLAT is not one of DIRECT, NAMED_DIR",
      "command: [true]\\ninput_data_dir: var/in         | input_data_dir: an absolute path inside the container is needed",
      "command: [true]\\noutput_data_dir: /var/flyte/inputs | output_data_dir: /var/flyte/inputs must not be or contain",
      "command: [true]\\nlocal_logs: maybe              | local_logs: true or false is needed",
      "command: [true]\\ninputs: {n: integr}            | inputs.n: type \"integr\": unknown type name",
      "command: [true]\\ninputs: {n: {type: int, defualt: 1}} | inputs.n: unknown field defualt",
      "command: [true]\\noutputs: {n: {type: int, default: 1}} | outputs.n: unknown field default",
      "command: [true]\\ninputs: {../x: int}            | inputs.../x: a name is one path segment",
      "command: [true]\\ninputs: [a]                    | inputs: a mapping of names to types is needed",
      "command: ['{{.inputs.n}}']                       | command[0]: {{.inputs.n}} names no input (inputs: [])",
      "command: ['cat {{.inputs.f}}']\\ninputs: {f: file} | command[0]: {{.inputs.f}} is a file input: refer to it by its path, /var/flyte/inputs/f",
      "- just a list                                    | a task spec is a YAML mapping",
      "command: [true\\n                                 | malformed YAML at line",
  })
  void badSpec_oneErrorNamingTheField(String yaml, String message) throws Exception {
    Path file = Files.writeString(tmp.resolve("t.yaml"), yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> TaskSpec.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": ").hasMessageContaining(message.strip());
  }
}
