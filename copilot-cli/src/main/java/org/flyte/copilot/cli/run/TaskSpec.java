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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.flyte.copilot.core.literal.LiteralTypes;

/**
 * A raw-container task described in YAML with the parameters of Flyte's {@code ContainerTask}
 * (docs/task-spec.md). Reading it checks every field, so a bad spec fails with one message naming the
 * file and the field before anything is uploaded.
 *
 * @param image the task's image, empty when the spec names none
 * @param command the container's command (replaces the image's entrypoint, as on Kubernetes)
 * @param arguments appended to the command
 * @param localLogs whether {@code copilot run} streams the command's output to the console
 * @param baseDir the spec's folder: relative paths in the spec (input defaults) resolve against it
 */
public record TaskSpec(
    String name,
    String image,
    Map<String, LiteralType> inputs,
    Map<String, JsonNode> defaults,
    Map<String, LiteralType> outputs,
    List<String> command,
    List<String> arguments,
    String inputDataDir,
    String outputDataDir,
    String metadataFormat,
    String fileInputLayout,
    boolean localLogs,
    Path baseDir) {

  /** Flyte's defaults when a task leaves the directories unset (docs/compatibility.md, "Pod contract"). */
  public static final String DEFAULT_INPUT_DIR = "/var/flyte/inputs";
  public static final String DEFAULT_OUTPUT_DIR = "/var/flyte/outputs";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS = Set.of("name", "image", "inputs", "outputs", "command", "arguments",
      "input_data_dir", "output_data_dir", "metadata_format", "file_input_layout", "local_logs", "description");
  private static final Set<String> VARIABLE_KEYS = Set.of("type", "default", "description");

  /** Reads and checks a spec file; errors read {@code <file>: <field>: <problem>}. */
  public static TaskSpec read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new IllegalArgumentException(file + ": malformed YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read the task spec: " + IoMessages.describe(e));
    }
    try {
      return parse(root, file.toAbsolutePath().getParent(), defaultName(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static String defaultName(Path file) {
    return file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
  }

  static TaskSpec parse(JsonNode root, Path baseDir, String defaultName) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a task spec is a YAML mapping of fields (name, image, command, ...)");
    }
    checkKeys(root, KEYS, "");
    Map<String, LiteralType> inputs = new LinkedHashMap<>();
    Map<String, JsonNode> defaults = new LinkedHashMap<>();
    readVariables(root.get("inputs"), "inputs", inputs, defaults);
    Map<String, LiteralType> outputs = new LinkedHashMap<>();
    readVariables(root.get("outputs"), "outputs", outputs, null);
    List<String> command = strings(root.get("command"), "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command: a non-empty list of strings is needed");
    }
    List<String> arguments = strings(root.get("arguments"), "arguments");
    String inDir = directory(root, "input_data_dir", DEFAULT_INPUT_DIR);
    String outDir = directory(root, "output_data_dir", DEFAULT_OUTPUT_DIR);
    if (inDir.equals(outDir) || inDir.startsWith(outDir + "/") || outDir.startsWith(inDir + "/")) {
      throw new IllegalArgumentException("output_data_dir: " + outDir + " must not be or contain input_data_dir "
          + inDir + " (two volumes are mounted there), nor lie inside it");
    }
    TaskSpec spec = new TaskSpec(
        text(root, "name", defaultName),
        text(root, "image", ""),
        inputs, defaults, outputs, command, arguments, inDir, outDir,
        choice(root, "metadata_format", "JSON", List.of("JSON", "YAML", "PROTO")),
        choice(root, "file_input_layout", "DIRECT", List.of("DIRECT", "NAMED_DIR")),
        bool(root, "local_logs", true),
        baseDir);
    spec.checkTemplates();
    return spec;
  }

  /** The command and its arguments as one list, as the container runs them. */
  public List<String> commandLine() {
    List<String> all = new ArrayList<>(command);
    all.addAll(arguments);
    return all;
  }

  /** Every {@code {{.inputs.x}}} must name an input, and not a file or directory (those are read by path). */
  private void checkTemplates() {
    check("command", command);
    check("arguments", arguments);
  }

  private void check(String field, List<String> items) {
    for (int i = 0; i < items.size(); i++) {
      for (String name : CommandTemplates.inputNames(items.get(i))) {
        LiteralType t = inputs.get(name);
        if (t == null) {
          throw new IllegalArgumentException(field + "[" + i + "]: {{.inputs." + name + "}} names no input (inputs: "
              + inputs.keySet() + ")");
        }
        if (LiteralTypes.isBlobLike(t)) {
          throw new IllegalArgumentException(field + "[" + i + "]: {{.inputs." + name + "}} is a "
              + LiteralTypes.specName(t) + " input: refer to it by its path, " + inputDataDir + "/" + name
              + " (Flyte fills templates of files and directories with their remote URI)");
        }
      }
    }
  }

  private static void checkKeys(JsonNode node, Set<String> known, String where) {
    Set<String> unknown = new TreeSet<>();
    node.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) {
        unknown.add(k);
      }
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(where + (unknown.size() == 1 ? "unknown field " : "unknown fields ")
          + String.join(", ", unknown) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
    }
  }

  private static String text(JsonNode root, String key, String def) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return def;
    }
    if (!n.isValueNode() || n.asText().isBlank()) {
      throw new IllegalArgumentException(key + ": a non-empty string is needed");
    }
    return n.asText();
  }

  private static String directory(JsonNode root, String key, String def) {
    String dir = text(root, key, def);
    if (!dir.startsWith("/") || dir.equals("/")) {
      throw new IllegalArgumentException(key + ": an absolute path inside the container is needed, not " + dir);
    }
    return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
  }

  private static String choice(JsonNode root, String key, String def, List<String> allowed) {
    String v = text(root, key, def).toUpperCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException(key + ": " + root.get(key).asText() + " is not one of "
          + String.join(", ", allowed));
    }
    return v;
  }

  private static boolean bool(JsonNode root, String key, boolean def) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return def;
    }
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(key + ": true or false is needed, not " + n);
    }
    return n.asBoolean();
  }

  private static List<String> strings(JsonNode node, String key) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(key + ": a list of strings is needed");
    }
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isValueNode() || node.get(i).isNull()) {
        throw new IllegalArgumentException(key + "[" + i + "]: a string is needed, not " + node.get(i));
      }
      out.add(node.get(i).asText());
    }
    return out;
  }

  private static void readVariables(JsonNode node, String section, Map<String, LiteralType> types,
      Map<String, JsonNode> defaults) {
    if (node == null || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(section + ": a mapping of names to types is needed");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = section + "." + e.getKey();
      if (e.getKey().isEmpty() || e.getKey().contains("/") || e.getKey().equals("..") || e.getKey().equals(".")) {
        throw new IllegalArgumentException(field + ": a name is one path segment (no '/', '.' or '..')");
      }
      JsonNode v = e.getValue();
      if (v.isObject()) {
        checkKeys(v, defaults == null ? Set.of("type", "description") : VARIABLE_KEYS, field + ": ");
      } else if (!v.isTextual()) {
        throw new IllegalArgumentException(field + ": a type such as int or file[csv] is needed");
      }
      String typeText = v.isObject() ? v.path("type").asText("") : v.asText();
      try {
        types.put(e.getKey(), TypeSpecs.parse(typeText));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(field + ": " + ex.getMessage());
      }
      if (defaults != null && v.isObject() && v.has("default")) {
        defaults.put(e.getKey(), v.get("default"));
      }
    }
  }

  /** The interface the pod builder passes to copilot. */
  public TypedInterface typedInterface() {
    return TypedInterface.newBuilder().setInputs(variables(inputs)).setOutputs(variables(outputs)).build();
  }

  private static VariableMap variables(Map<String, LiteralType> m) {
    VariableMap.Builder b = VariableMap.newBuilder();
    m.forEach((k, t) -> b.putVariables(k, Variable.newBuilder().setType(t).build()));
    return b.build();
  }
}
