package org.flyte.copilot.cli;

import flyteidl.core.Literals.LiteralMap;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flyte.copilot.cli.pod.PodManifest;
import org.flyte.copilot.cli.pod.PodSettings;
import org.flyte.copilot.cli.run.CommandTemplates;
import org.flyte.copilot.core.literal.LiteralText;
import org.flyte.copilot.cli.run.TaskSpec;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.literal.text.GoDurations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code copilot pod}: the Pod manifest Flyte's pod builder makes for a task, for {@code kubectl apply}. */
@Command(name = "pod", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    description = {"Print the Kubernetes Pod that Flyte's pod builder makes for a raw-container task: the "
        + "downloader init container, the uploader as a native sidecar, emptyDir volumes at the task's "
        + "directories and the storage config Secret mounted at /etc/flyte/copilot (Kubernetes 1.29+).",
        "The Secret holds one or more *.yaml files with a storage section, e.g.: kubectl create secret "
            + "generic flyte-copilot-storage-config --from-file=copilot-storage-config.yaml",
        "--storage.type / --storage.container / --logger.level are passed to copilot as the orchestrator "
            + "passes its own (default: stow, the bucket of --output-prefix, 3). {{.inputs.<name>}} in the "
            + "command is filled from --inputs, read through the configured store."},
    footer = {"", "Example: copilot pod examples/greet.yaml --inputs s3://b/run1/inputs.pb "
        + "--output-prefix s3://b/run1 --raw-output s3://b/run1/raw | kubectl apply -f -"})
final class PodCommand extends TaskSpecCommand {
  @Option(names = "--inputs", required = true, paramLabel = "<ref>", description = "The execution's inputs.pb.")
  String inputs;

  @Option(names = "--output-prefix", required = true, paramLabel = "<ref>",
      description = "Where outputs.pb and the error document go.")
  String outputPrefix;

  @Option(names = "--raw-output", required = true, paramLabel = "<ref>", description = "Prefix for blob outputs.")
  String rawOutput;

  @Option(names = "--copilot-image", paramLabel = "<image>",
      description = "The image with /bin/flyte-copilot (default: ${DEFAULT-VALUE}, Flyte 2's).")
  String copilotImage = PodSettings.DEFAULT_IMAGE;

  @Option(names = "--storage-secret", paramLabel = "<name>",
      description = "The Secret with the storage config (default: ${DEFAULT-VALUE}).")
  String storageSecret = "flyte-copilot-storage-config";

  @Option(names = "--timeout", paramLabel = "<duration>",
      description = "The uploader's deadline and the pod's grace period (default: ${DEFAULT-VALUE}).")
  String timeout = "1h";

  @Option(names = "--cpu", paramLabel = "<quantity>", description = "CPU of each copilot container (default: ${DEFAULT-VALUE}).")
  String cpu = "500m";

  @Option(names = "--memory", paramLabel = "<quantity>",
      description = "Memory of each copilot container (default: ${DEFAULT-VALUE}).")
  String memory = "128Mi";

  @Option(names = "--name", paramLabel = "<name>", description = "The pod's name (default: the task's name).")
  String name;

  @Override
  public Integer call() throws IOException {
    TaskSpec task = spec.read();
    if (task.image().isEmpty()) {
      throw new IllegalArgumentException(spec.path + ": image: a pod needs the task's image");
    }
    DataReference.parse(inputs);
    DataReference out = DataReference.parse(outputPrefix);
    DataReference.parse(rawOutput);
    StorageConfig storage = ctx.config().storage();
    boolean typeGiven = !storage.type().equals("local") || out.scheme().equals("file");
    String container = storage.container().isEmpty() && !out.scheme().equals("file") ? out.container()
        : storage.container();
    PodSettings settings = new PodSettings(copilotImage, inputs, outputPrefix, rawOutput,
        typeGiven ? storage.type() : "stow", container, storage.enableMulticontainer(), ctx.config().logger().level(),
        storageSecret, GoDurations.parseNanos(timeout), cpu, memory, podName(name != null ? name : task.name()));
    PodManifest manifest = new PodManifest(task, settings);
    ctx.commandLine().getOut().print(manifest.yaml(filled(task, task.command()), filled(task, task.arguments())));
    ctx.commandLine().getOut().flush();
    return 0;
  }

  /** Templates are filled by the orchestrator from the execution's inputs: read only when there are some. */
  private List<String> filled(TaskSpec task, List<String> items) throws IOException {
    if (items.stream().allMatch(a -> CommandTemplates.inputNames(a).isEmpty())) {
      return items;
    }
    LiteralMap values = LiteralMap.parseFrom(ctx.store().readAllBytes(DataReference.parse(inputs)));
    Map<String, flyteidl.core.Literals.Literal> literals = values.getLiteralsMap();
    return CommandTemplates.render(items, literals, LiteralText::template);
  }

  /** A DNS-1123 label: lower case letters, digits and '-', at most 63 characters. */
  static String podName(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    n = n.length() > 63 ? n.substring(0, 63).replaceAll("-+$", "") : n;
    if (n.isEmpty()) {
      throw new IllegalArgumentException("--name " + name + ": no letters or digits for a pod name");
    }
    return n;
  }
}
