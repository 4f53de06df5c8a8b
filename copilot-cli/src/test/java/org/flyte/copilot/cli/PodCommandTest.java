package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code copilot pod}: the manifest parsed as a Pod with the Kubernetes model (fabric8) and compared
 * field by field with the pod builder's contract (docs/compatibility.md, "Pod contract"), and its copilot
 * argument lists
 * accepted by copilot's own command line.
 */
class PodCommandTest {
  private static final String INPUTS = "s3://my-bucket/metadata/run1/n0/inputs.pb";
  private static final String PREFIX = "s3://my-bucket/metadata/run1/n0";
  private static final String RAW = "s3://my-bucket/raw/run1";
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.start();

  @TempDir Path tmp;

  private Pod pod(String yaml) throws Exception {
    Pod pod = new ObjectMapper(new YAMLFactory()).readValue(yaml, Pod.class);
    assertNoUnknownFields(pod, "pod");
    return pod;
  }

  /** fabric8 keeps fields it does not know in additionalProperties: a misspelled field lands there. */
  private static void assertNoUnknownFields(Object o, String path) throws Exception {
    if (o instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        assertNoUnknownFields(l.get(i), path + "[" + i + "]");
      }
      return;
    }
    if (!(o instanceof KubernetesResource) || o instanceof Quantity) {
      return;
    }
    Map<?, ?> extra = (Map<?, ?>) o.getClass().getMethod("getAdditionalProperties").invoke(o);
    assertThat(extra).as("unknown fields at " + path).isEmpty();
    for (var m : o.getClass().getMethods()) {
      if (m.getName().startsWith("get") && m.getParameterCount() == 0 && !m.getName().equals("getAdditionalProperties")
          && !m.getName().equals("getClass")) {
        assertNoUnknownFields(m.invoke(o), path + "." + m.getName().substring(3));
      }
    }
  }

  @Test
  void wordcount_podAsThePodBuilderMakesIt() throws Exception {
    String bucket = s3.newBucket();
    String inputs = "s3://" + bucket + "/metadata/run1/n0/inputs.pb";
    String prefix = "s3://" + bucket + "/metadata/run1/n0";
    String raw = "s3://" + bucket + "/raw/run1";
    LiteralMap values = LiteralMap.newBuilder().putLiterals("min_length", Literal.newBuilder()
        .setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(5))).build()).build();
    s3.client().putObject(b -> b.bucket(bucket).key("metadata/run1/n0/inputs.pb"),
        RequestBody.fromBytes(values.toByteArray()));
    Path config = Files.writeString(tmp.resolve("copilot-storage-config.yaml"), s3.storageYaml(bucket));
    CliRunner.Result r = CliRunner.run("--logger.level=4", "--config", config.toString(), "pod",
        RunCommandTest.example("wordcount.yaml").toString(),
        "--inputs", inputs, "--output-prefix", prefix, "--raw-output", raw, "--copilot-image", "ghcr.io/me/copilot:1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Pod pod = pod(r.out());
    assertThat(pod.getApiVersion()).isEqualTo("v1");
    assertThat(pod.getKind()).isEqualTo("Pod");
    assertThat(pod.getMetadata().getName()).isEqualTo("wordcount");
    PodSpec spec = pod.getSpec();
    assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(3600L);
    assertThat(spec.getInitContainers()).extracting(Container::getName)
        .containsExactly("flyte-copilot-uploader", "flyte-copilot-downloader");

    Container up = spec.getInitContainers().get(0);
    Container down = spec.getInitContainers().get(1);
    for (Container c : List.of(up, down)) {
      assertThat(c.getImage()).isEqualTo("ghcr.io/me/copilot:1");
      assertThat(c.getCommand()).containsExactly("/bin/flyte-copilot", "--storage.limits.maxDownloadMBs=0",
          "--logger.level=4", "--storage.container=" + bucket, "--storage.type=stow", "--config",
          "/etc/flyte/copilot/*.yaml");
      assertThat(c.getWorkingDir()).isEqualTo("/");
      assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
      assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
      assertThat(c.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")));
      assertThat(c.getResources().getRequests()).isEqualTo(c.getResources().getLimits());
      assertThat(c.getVolumeMounts()).hasSize(2);
      assertThat(c.getVolumeMounts().get(1)).extracting(VolumeMount::getName, VolumeMount::getMountPath,
          VolumeMount::getReadOnly).containsExactly("flyte-copilot-storage-config", "/etc/flyte/copilot", true);
    }
    assertThat(up.getRestartPolicy()).isEqualTo("Always");
    assertThat(down.getRestartPolicy()).isNull();
    assertThat(up.getVolumeMounts().get(0)).extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly("flyte-outputs", "/var/outputs");
    assertThat(down.getVolumeMounts().get(0)).extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly("flyte-inputs", "/var/inputs");

    List<String> upArgs = up.getArgs();
    assertThat(upArgs.subList(0, 9)).containsExactly("sidecar", "--timeout", "1h0m0s", "--to-raw-output", raw,
        "--to-output-prefix", prefix, "--from-local-dir", "/var/outputs");
    assertThat(upArgs.get(9)).isEqualTo("--interface");
    TypedInterface iface = TypedInterface.parseFrom(Base64.getDecoder().decode(upArgs.get(10)));
    assertThat(iface.getOutputs().getVariablesMap()).containsOnlyKeys("words", "long_words", "stats", "report");
    assertThat(iface.getInputs().getVariablesMap()).containsOnlyKeys("text", "min_length", "stopwords");
    List<String> downArgs = down.getArgs();
    assertThat(downArgs.subList(0, 11)).containsExactly("download", "--from-remote", inputs, "--to-output-prefix",
        prefix, "--to-local-dir", "/var/inputs", "--format", "JSON", "--file-input-layout", "DIRECT");
    assertThat(downArgs.get(11)).isEqualTo("--input-interface");
    assertThat(VariableMap.parseFrom(Base64.getDecoder().decode(downArgs.get(12))).getVariablesMap())
        .containsOnlyKeys("text", "min_length", "stopwords");

    Container main = spec.getContainers().get(0);
    assertThat(spec.getContainers()).hasSize(1);
    assertThat(main.getName()).isEqualTo("wordcount");
    assertThat(main.getImage()).isEqualTo("debian:bookworm-slim");
    assertThat(main.getCommand()).hasSize(3).startsWith("/bin/sh", "-c");
    assertThat(main.getCommand().get(2)).as("{{.inputs.min_length}} from inputs.pb").contains("awk -v n=5 ")
        .doesNotContain("{{");
    assertThat(main.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("flyte-inputs", "/var/inputs"),
            org.assertj.core.groups.Tuple.tuple("flyte-outputs", "/var/outputs"));
    assertThat(main.getSecurityContext().getCapabilities()).isNotNull();

    assertThat(spec.getVolumes()).extracting(Volume::getName)
        .containsExactly("flyte-inputs", "flyte-outputs", "flyte-copilot-storage-config");
    assertThat(spec.getVolumes().get(0).getEmptyDir()).isNotNull();
    assertThat(spec.getVolumes().get(1).getEmptyDir()).isNotNull();
    var projected = spec.getVolumes().get(2).getProjected();
    assertThat(projected.getDefaultMode()).isEqualTo(0444);
    assertThat(projected.getSources()).singleElement()
        .satisfies(s -> assertThat(s.getSecret().getName()).isEqualTo("flyte-copilot-storage-config"));

    // what copilot itself accepts: each container's command line parses as copilot's
    for (Container c : List.of(up, down)) {
      List<String> argv = new ArrayList<>(c.getCommand().subList(1, c.getCommand().size()));
      argv.addAll(c.getArgs());
      CommandLine.ParseResult parsed = CopilotCommand.newCommandLine(Map.of()).parseArgs(argv.toArray(String[]::new));
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(c.getArgs().get(0));
    }
  }

  @Test
  void templates_filledFromTheInputsInTheStore_outputsOnlyTask_hasNoDownloader() throws Exception {
    Path store = tmp.resolve("store");
    Files.createDirectories(store.resolve("b/run"));
    Files.write(store.resolve("b/run/inputs.pb"), LiteralMap.newBuilder().putLiterals("name", Literal.newBuilder()
        .setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue("Kube"))).build())
        .build().toByteArray());
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + store, "pod",
        RunCommandTest.example("greet.yaml").toString(), "--inputs", "file://b/run/inputs.pb",
        "--output-prefix", "file://b/run", "--raw-output", "file://b/run/raw", "--timeout", "10m", "--name", "Greet_Me");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Pod pod = pod(r.out());
    assertThat(pod.getMetadata().getName()).isEqualTo("greet-me");
    assertThat(pod.getSpec().getContainers().get(0).getCommand().get(2))
        .isEqualTo("echo 'Hello, my name is Kube.' | tee /var/outputs/greeting");
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(600L);
    assertThat(pod.getSpec().getInitContainers().get(0).getArgs().get(2)).isEqualTo("10m0s");
    assertThat(pod.getSpec().getInitContainers().get(0).getCommand()).contains("--storage.type=local", "--logger.level=3");

    Path outOnly = Files.writeString(tmp.resolve("out.yaml"), """
        image: busybox:1.36
        outputs: {x: int}
        command: ["sh", "-c", "echo 1 > /var/flyte/outputs/x"]
        """);
    Pod p2 = pod(CliRunner.run("pod", outOnly.toString(), "--inputs", INPUTS, "--output-prefix", PREFIX,
        "--raw-output", RAW).out());
    assertThat(p2.getSpec().getInitContainers()).extracting(Container::getName).containsExactly("flyte-copilot-uploader");
    assertThat(p2.getSpec().getVolumes()).extracting(Volume::getName)
        .containsExactly("flyte-outputs", "flyte-copilot-storage-config");
    assertThat(p2.getSpec().getInitContainers().get(0).getImage()).isEqualTo("cr.flyte.org/flyteorg/flyte-binary-v2:latest");
  }

  @Test
  void specWithoutImage_isRefused() throws Exception {
    Path spec = Files.writeString(tmp.resolve("t.yaml"), "command: [\"true\"]\n");
    CliRunner.Result r = CliRunner.run("pod", spec.toString(), "--inputs", INPUTS, "--output-prefix", PREFIX,
        "--raw-output", RAW);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("image: a pod needs the task's image");
  }
}
