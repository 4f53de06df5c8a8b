package org.flyte.copilot.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** charts/copilot: {@code helm lint --strict} and what {@code helm template} renders, with Helm 3 in-process. */
class ChartTest {
  private static final Path CHART = Path.of(System.getProperty("copilot.chart", "copilot"));
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path tmp;

  /**
   * The rendered documents of release "flyte" in namespace "flyte", after {@code options}, test hooks
   * included: {@code helm template} in-process leaves hooks out, so the chart is rendered from a copy
   * with one more template that includes the test pod's named template.
   */
  private List<JsonNode> render(UnaryOperator<TemplateCommand> options) throws Exception {
    Path copy = tmp.resolve("copilot");
    if (!Files.exists(copy)) {
      try (Stream<Path> files = Files.walk(CHART)) {
        for (Path f : files.toList()) {
          Path target = copy.resolve(CHART.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.copy(f, target);
          }
        }
      }
      // inside a ConfigMap: a manifest annotated as a hook would be sorted out with the hooks again
      Files.writeString(copy.resolve("templates/zz-test-pod-as-manifest.yaml"), """
          {{- if .Values.test.enabled }}
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: zz-rendered-test-pod
          data:
            pod.yaml: |
              {{- include "copilot.checkPod" . | nindent 4 }}
          {{- end }}
          """);
    }
    TemplateCommand t = new Helm(copy).template().withName("flyte").withNamespace("flyte").withKubeVersion("1.31.0");
    String text = options.apply(t).call();
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d == null || d.isNull() || d.isEmpty()) {
          continue;
        }
        boolean testPod = d.at("/metadata/name").asText().equals("zz-rendered-test-pod");
        docs.add(testPod ? YAML.readTree(d.at("/data/pod.yaml").asText()) : d);
      }
    }
    return docs;
  }

  private Path values(String yaml) throws Exception {
    return Files.writeString(tmp.resolve("values-" + System.nanoTime() + ".yaml"), yaml);
  }

  private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  private static JsonNode one(List<JsonNode> docs, String kind) {
    assertThat(ofKind(docs, kind)).as(kind).hasSize(1);
    return ofKind(docs, kind).get(0);
  }

  private static JsonNode coPilot(JsonNode configMap, String key) throws Exception {
    return YAML.readTree(configMap.path("data").path(key).asText()).path("plugins").path("k8s").path("co-pilot");
  }

  @Test
  void lint_strict_isClean() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaults_renderTheSecretTheOrchestratorSettingsAndTheTestPod() throws Exception {
    List<JsonNode> docs = render(t -> t);
    assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactlyInAnyOrder("Secret", "ConfigMap", "Pod");

    JsonNode secret = one(docs, "Secret");
    assertThat(secret.at("/metadata/name").asText()).isEqualTo("flyte-copilot-storage");
    assertThat(secret.at("/metadata/namespace").asText()).isEqualTo("flyte");
    JsonNode storage = YAML.readTree(secret.at("/stringData/copilot-storage-config.yaml").asText()).path("storage");
    assertThat(storage.path("type").asText()).isEqualTo("stow");
    assertThat(storage.path("container").asText()).isEqualTo("my-bucket");
    assertThat(storage.at("/stow/kind").asText()).isEqualTo("s3");
    assertThat(storage.at("/stow/config/auth_type").asText()).isEqualTo("iam");
    assertThat(storage.at("/limits/maxDownloadMBs").asInt()).isZero();

    JsonNode cm = one(docs, "ConfigMap");
    assertThat(cm.at("/metadata/name").asText()).isEqualTo("flyte-copilot-orchestrator");
    JsonNode v2 = coPilot(cm, "flyte2-copilot.yaml");
    assertThat(YAML.convertValue(v2, Map.class)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "name", "flyte-copilot-", "image", "registry.example.com/flyte/copilot:0.1.0", "timeout", "1h",
        "cpu", "500m", "memory", "128Mi", "default-input-path", "/var/flyte/inputs",
        "default-output-path", "/var/flyte/outputs", "input-vol-name", "flyte-inputs",
        "output-vol-name", "flyte-outputs", "storage-config-secret-name", "flyte-copilot-storage"));
    JsonNode v1 = coPilot(cm, "flyte1-copilot.yaml");
    assertThat(v1.path("image").asText()).isEqualTo("registry.example.com/flyte/copilot:0.1.0");
    assertThat(v1.has("storage-config-secret-name")).as("Flyte 1 has no such key").isFalse();

    JsonNode pod = one(docs, "Pod");
    assertThat(pod.at("/metadata/annotations/helm.sh~1hook").asText()).isEqualTo("test");
    assertThat(pod.at("/spec/restartPolicy").asText()).isEqualTo("Never");
    JsonNode c = pod.at("/spec/containers/0");
    assertThat(YAML.convertValue(c.path("command"), List.class)).containsExactly("/bin/flyte-copilot", "--config",
        "/etc/flyte/copilot/*.yaml", "check", "--timeout", "30s");
    assertThat(c.path("image").asText()).isEqualTo("registry.example.com/flyte/copilot:0.1.0");
    assertThat(c.at("/resources/limits/cpu").asText()).isEqualTo("500m");
    assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("128Mi");
    assertThat(c.at("/resources/requests/memory").asText()).isEqualTo("128Mi");
    assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(pod.at("/spec/securityContext/runAsUser").asInt()).isEqualTo(65532);
    assertThat(c.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/etc/flyte/copilot");
    assertThat(c.at("/volumeMounts/0/readOnly").asBoolean()).isTrue();
    assertThat(pod.at("/spec/volumes/0/projected/sources/0/secret/name").asText()).isEqualTo("flyte-copilot-storage");
    assertThat(pod.at("/spec/volumes/0/projected/defaultMode").asInt()).isEqualTo(0444);
  }

  @Test
  void credentials_appearOnlyInTheSecret() throws Exception {
    List<JsonNode> docs = render(t -> t
        .set("storage.stow.config.auth_type", "accesskey")
        .set("storage.stow.config.access_key_id", "AKIDEXAMPLE")
        .set("storage.stow.config.secret_key", "wJalrXUtnFEMI-not-a-real-key")
        .set("storage.stow.config.endpoint", "http://minio.flyte:9000"));
    for (JsonNode d : docs) {
      String text = YAML.writeValueAsString(d);
      if (d.path("kind").asText().equals("Secret")) {
        assertThat(text).contains("wJalrXUtnFEMI-not-a-real-key", "AKIDEXAMPLE");
      } else {
        assertThat(text).as(d.path("kind").asText()).doesNotContain("wJalrXUtnFEMI", "AKIDEXAMPLE");
      }
    }
    JsonNode storage = YAML.readTree(one(docs, "Secret").at("/stringData/copilot-storage-config.yaml").asText());
    assertThat(storage.at("/storage/stow/config/endpoint").asText()).isEqualTo("http://minio.flyte:9000");
  }

  @Test
  void overrides_reachTheOrchestratorSettingsAndTheTest() throws Exception {
    List<JsonNode> docs = render(t -> t
        .set("image.repository", "my.registry/copilot")
        .set("image.tag", "1.2.3")
        .set("copilot.timeout", "30m")
        .set("copilot.resources.cpu", "1")
        .set("copilot.resources.memory", "256Mi")
        .set("test.prefix", "s3://my-bucket/metadata")
        .set("test.serviceAccountName", "flyte-copilot"));
    JsonNode v2 = coPilot(one(docs, "ConfigMap"), "flyte2-copilot.yaml");
    assertThat(v2.path("image").asText()).isEqualTo("my.registry/copilot:1.2.3");
    assertThat(v2.path("timeout").asText()).isEqualTo("30m");
    assertThat(v2.path("cpu").asText()).isEqualTo("1");
    assertThat(v2.path("memory").asText()).isEqualTo("256Mi");
    JsonNode pod = one(docs, "Pod");
    assertThat(YAML.convertValue(pod.at("/spec/containers/0/command"), List.class)).endsWith("--prefix",
        "s3://my-bucket/metadata");
    assertThat(pod.at("/spec/serviceAccountName").asText()).isEqualTo("flyte-copilot");
    assertThat(pod.at("/spec/containers/0/resources/limits/memory").asText()).isEqualTo("256Mi");
  }

  @Test
  void existingSecret_isReferenced_andNoneIsRendered() throws Exception {
    List<JsonNode> docs = render(t -> t.set("storageSecret.existingSecret", "my-storage").set("test.enabled", false));
    assertThat(ofKind(docs, "Secret")).isEmpty();
    assertThat(ofKind(docs, "Pod")).isEmpty();
    assertThat(coPilot(one(docs, "ConfigMap"), "flyte2-copilot.yaml").path("storage-config-secret-name").asText())
        .isEqualTo("my-storage");
  }

  @Test
  void secret_isRenderedIntoEveryTaskNamespace() throws Exception {
    Path v = values("storageSecret:\n  namespaces: [flytesnacks-development, flytesnacks-production, flyte]\n");
    List<JsonNode> docs = render(t -> t.withValuesFile(v));
    assertThat(ofKind(docs, "Secret")).extracting(d -> d.at("/metadata/namespace").asText())
        .containsExactly("flyte", "flytesnacks-development", "flytesnacks-production");
  }

  @Test
  void missingContainer_failsTheRender_namingTheValue() {
    assertThatThrownBy(() -> render(t -> t.set("storage.container", "")))
        .hasMessageContaining("storage.container is required");
  }
}
