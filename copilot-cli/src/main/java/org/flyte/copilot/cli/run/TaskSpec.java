package org.flyte.copilot.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Types.LiteralType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A raw-container task described in YAML, the way a Flyte {@code ContainerTask} declares it: typed
 * inputs and outputs, the command, the data directories and the metadata format. Example:
 *
 * <pre>
 * name: greet
 * inputs:
 *   name: str
 *   times: {type: int, default: 2}
 * outputs:
 *   greeting: str
 * command: ["/bin/sh", "-c", "echo Hello {{.inputs.name}} &gt; /var/outputs/greeting"]
 * input_data_dir: /var/inputs
 * output_data_dir: /var/outputs
 * metadata_format: JSON
 * </pre>
 */
public record TaskSpec(
    String name,
    Map<String, LiteralType> inputs,
    Map<String, JsonNode> defaults,
    Map<String, LiteralType> outputs,
    List<String> command,
    String inputDataDir,
    String outputDataDir,
    String metadataFormat,
    String fileInputLayout,
    Path baseDir) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS = Set.of("name", "image", "inputs", "outputs", "command", "input_data_dir",
      "output_data_dir", "metadata_format", "file_input_layout", "description");

  /** Reads a spec file; errors name the file and the key. */
  public static TaskSpec read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": malformed YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read task spec: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": a task spec is a YAML mapping");
    }
    Set<String> unknown = new TreeSet<>();
    root.fieldNames().forEachRemaining(k -> {
      if (!KEYS.contains(k)) {
        unknown.add(k);
      }
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(file + ": unknown keys " + unknown + " (known: " + new TreeSet<>(KEYS) + ")");
    }
    Map<String, LiteralType> inputs = new LinkedHashMap<>();
    Map<String, JsonNode> defaults = new LinkedHashMap<>();
    readVariables(file, root.get("inputs"), "inputs", inputs, defaults);
    Map<String, LiteralType> outputs = new LinkedHashMap<>();
    readVariables(file, root.get("outputs"), "outputs", outputs, new LinkedHashMap<>());
    List<String> command = new ArrayList<>();
    JsonNode cmd = root.get("command");
    if (cmd == null || !cmd.isArray() || cmd.isEmpty()) {
      throw new IllegalArgumentException(file + ": command: a non-empty list of strings is needed");
    }
    cmd.forEach(c -> command.add(c.asText()));
    return new TaskSpec(
        text(root, "name", file.getFileName().toString()),
        inputs, defaults, outputs, command,
        text(root, "input_data_dir", "/var/flyte/inputs"),
        text(root, "output_data_dir", "/var/flyte/outputs"),
        text(root, "metadata_format", "JSON"),
        text(root, "file_input_layout", "DIRECT"),
        file.toAbsolutePath().getParent());
  }

  private static String text(JsonNode root, String key, String def) {
    JsonNode n = root.get(key);
    return n == null || n.isNull() ? def : n.asText();
  }

  private static void readVariables(Path file, JsonNode node, String section, Map<String, LiteralType> types,
      Map<String, JsonNode> defaults) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(file + ": " + section + ": a mapping of name to type is needed");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      String typeText = v.isObject() ? v.path("type").asText("") : v.asText();
      try {
        types.put(e.getKey(), TypeSpecs.parse(typeText));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(file + ": " + section + "." + e.getKey() + ": " + ex.getMessage());
      }
      if (v.isObject() && v.has("default")) {
        defaults.put(e.getKey(), v.get("default"));
      }
    }
  }

  /** The interface the pod builder would pass to copilot. */
  public TypedInterface typedInterface() {
    return TypedInterface.newBuilder().setInputs(variables(inputs)).setOutputs(variables(outputs)).build();
  }

  private static VariableMap variables(Map<String, LiteralType> m) {
    VariableMap.Builder b = VariableMap.newBuilder();
    m.forEach((k, t) -> b.putVariables(k, Variable.newBuilder().setType(t).build()));
    return b.build();
  }
}
