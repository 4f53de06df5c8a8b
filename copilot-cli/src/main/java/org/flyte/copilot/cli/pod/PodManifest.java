package org.flyte.copilot.cli.pod;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.cli.run.TaskSpec;
import org.flyte.copilot.core.literal.text.GoDurations;

/**
 * The Pod Flyte's pod builder makes for a raw-container task (docs/compatibility.md, "Pod contract", Flyte 2
 * with a storage
 * config Secret): the downloader as the last init container, the uploader as a native sidecar (an init
 * container with {@code restartPolicy: Always}) first, {@code emptyDir} volumes at the task's data
 * directories, the Secret projected read-only into the copilot containers only.
 */
public final class PodManifest {
  private final TaskSpec task;
  private final PodSettings s;

  public PodManifest(TaskSpec task, PodSettings settings) {
    this.task = task;
    this.s = settings;
  }

  /** The manifest as YAML, ready for {@code kubectl apply -f -}. */
  public String yaml(List<String> command, List<String> args) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
    try {
      return yaml.writeValueAsString(pod(command, args));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the pod manifest", e);
    }
  }

  /**
   * The Pod as nested maps and lists.
   *
   * @param command the main container's command, templates filled in
   * @param args the main container's arguments, templates filled in
   */
  public Map<String, Object> pod(List<String> command, List<String> args) {
    boolean downloader = !task.inputs().isEmpty();
    boolean uploader = !task.outputs().isEmpty();
    List<Object> initContainers = new ArrayList<>();
    if (uploader) {
      Map<String, Object> up = copilotContainer("uploader", uploaderArgs(),
          mount(PodSettings.OUTPUT_VOLUME, task.outputDataDir()));
      up.put("restartPolicy", "Always");
      initContainers.add(up);
    }
    if (downloader) {
      initContainers.add(copilotContainer("downloader", downloaderArgs(),
          mount(PodSettings.INPUT_VOLUME, task.inputDataDir())));
    }
    Map<String, Object> main = map("name", s.podName(), "image", task.image(), "command", command);
    if (!args.isEmpty()) {
      main.put("args", args);
    }
    List<Object> mainMounts = new ArrayList<>();
    if (downloader) {
      mainMounts.add(mount(PodSettings.INPUT_VOLUME, task.inputDataDir()));
    }
    if (uploader) {
      mainMounts.add(mount(PodSettings.OUTPUT_VOLUME, task.outputDataDir()));
    }
    if (!mainMounts.isEmpty()) {
      main.put("volumeMounts", mainMounts);
    }
    main.put("securityContext", map("capabilities", map()));

    Map<String, Object> spec = map("restartPolicy", "Never");
    if (uploader) {
      spec.put("terminationGracePeriodSeconds", s.timeoutNanos() / 1_000_000_000L);
    }
    if (!initContainers.isEmpty()) {
      spec.put("initContainers", initContainers);
    }
    spec.put("containers", List.of(main));
    List<Object> volumes = new ArrayList<>();
    if (downloader) {
      volumes.add(map("name", PodSettings.INPUT_VOLUME, "emptyDir", map()));
    }
    if (uploader) {
      volumes.add(map("name", PodSettings.OUTPUT_VOLUME, "emptyDir", map()));
    }
    if (downloader || uploader) {
      volumes.add(map("name", PodSettings.CONFIG_VOLUME, "projected", map(
          "sources", List.of(map("secret", map("name", s.storageSecret()))),
          "defaultMode", 0444)));
    }
    if (!volumes.isEmpty()) {
      spec.put("volumes", volumes);
    }
    return map("apiVersion", "v1", "kind", "Pod",
        "metadata", map("name", s.podName(), "labels", map("app.kubernetes.io/managed-by", "copilot-pod")),
        "spec", spec);
  }

  private Map<String, Object> copilotContainer(String role, List<String> args, Map<String, Object> dataMount) {
    Map<String, String> resources = new LinkedHashMap<>();
    resources.put("cpu", s.cpu());
    resources.put("memory", s.memory());
    return map(
        "name", PodSettings.NAME_PREFIX + role,
        "image", s.copilotImage(),
        "command", copilotCommand(),
        "args", args,
        "workingDir", "/",
        "resources", map("limits", resources, "requests", resources),
        "volumeMounts", List.of(dataMount,
            map("name", PodSettings.CONFIG_VOLUME, "mountPath", PodSettings.CONFIG_MOUNT, "readOnly", true)),
        "terminationMessagePolicy", "FallbackToLogsOnError",
        "imagePullPolicy", "IfNotPresent");
  }

  /** docs/compatibility.md, "Pod contract", Flyte 2 with {@code storage-config-secret-name} and no override. */
  List<String> copilotCommand() {
    List<String> c = new ArrayList<>(List.of(PodSettings.EXECUTABLE, "--storage.limits.maxDownloadMBs=0",
        "--logger.level=" + s.loggerLevel()));
    if (s.multicontainer()) {
      c.add("--storage.enable-multicontainer");
    }
    if (!s.storageContainer().isEmpty()) {
      c.add("--storage.container=" + s.storageContainer());
    }
    c.add("--storage.type=" + s.storageType());
    c.add("--config");
    c.add(PodSettings.CONFIG_MOUNT + "/*.yaml");
    return c;
  }

  /** docs/compatibility.md, "Pod contract", downloader, Flyte 2. */
  List<String> downloaderArgs() {
    return List.of("download", "--from-remote", s.inputs(), "--to-output-prefix", s.outputPrefix(),
        "--to-local-dir", task.inputDataDir(), "--format", task.metadataFormat(),
        "--file-input-layout", task.fileInputLayout(),
        "--input-interface", Base64.getEncoder().encodeToString(task.typedInterface().getInputs().toByteArray()));
  }

  /** docs/compatibility.md, "Pod contract", uploader. */
  List<String> uploaderArgs() {
    return List.of("sidecar", "--timeout", GoDurations.format(s.timeoutNanos()), "--to-raw-output", s.rawOutput(),
        "--to-output-prefix", s.outputPrefix(), "--from-local-dir", task.outputDataDir(),
        "--interface", Base64.getEncoder().encodeToString(task.typedInterface().toByteArray()));
  }

  private static Map<String, Object> mount(String volume, String path) {
    return map("name", volume, "mountPath", path);
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
