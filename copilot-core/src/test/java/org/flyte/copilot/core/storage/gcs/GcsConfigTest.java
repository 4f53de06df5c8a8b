package org.flyte.copilot.core.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.junit.jupiter.api.Test;

class GcsConfigTest {
  private static final String KEY = "{\"type\":\"service_account\",\"client_email\":\"a@p.iam.gserviceaccount.com\","
      + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nTUlJ\\n-----END PRIVATE KEY-----\\n\"}";

  private static GcsConfig parse(Map<String, String> c, Map<String, String> env) {
    return GcsConfig.from(new StowConfig("google", c), "storage.stow", false, env);
  }

  @Test
  void flyteKeys_withDefaults() {
    GcsConfig c = parse(Map.of("json", "", "project_id", "my-project"), Map.of());

    assertThat(c.credentials()).isEqualTo(GcsConfig.Credentials.APPLICATION_DEFAULT);
    assertThat(c.projectId()).isEqualTo("my-project");
    assertThat(c.scopes()).containsExactly("https://www.googleapis.com/auth/devstorage.full_control");
    assertThat(c.endpoint()).isEmpty();
    assertThat(c.singleRequestMax()).isEqualTo(2 << 20);
    assertThat(c.uploadChunkSize()).isEqualTo(8 << 20);
    assertThat(c.parallelDownloadMin()).isEqualTo(64 << 20);
    assertThat(c.downloadPartSize()).isEqualTo(32 << 20);
    assertThat(c.downloadConcurrency()).isEqualTo(4);
    assertThat(c.maxAttempts()).isEqualTo(6);
    assertThat(c.retryTimeout()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void inlineKey_isKept_butNeverPrinted() {
    GcsConfig c = parse(Map.of("json", "  " + KEY + "\n", "project_id", "p"), Map.of());

    assertThat(c.credentials()).isEqualTo(GcsConfig.Credentials.JSON);
    assertThat(c.keyJson()).isEqualTo(KEY);
    assertThat(c.toString()).contains("inline key").doesNotContain("PRIVATE").doesNotContain("client_email");
  }

  @Test
  void scopes_areCommaSeparated_andShortNamesExpanded() {
    assertThat(GcsConfig.parseScopes("devstorage.read_write, https://www.googleapis.com/auth/cloud-platform,"))
        .containsExactly("https://www.googleapis.com/auth/devstorage.read_write",
            "https://www.googleapis.com/auth/cloud-platform");
  }

  @Test
  void plainHttpEndpoint_meansNoCredentials_httpsKeepsThem() {
    assertThat(parse(Map.of("project_id", "p", "endpoint", "http://127.0.0.1:9199/"), Map.of()))
        .satisfies(c -> {
          assertThat(c.endpoint()).isEqualTo("http://127.0.0.1:9199");
          assertThat(c.credentials()).isEqualTo(GcsConfig.Credentials.NONE);
        });
    assertThat(parse(Map.of("project_id", "p", "endpoint", "https://storage.example.internal"), Map.of()).credentials())
        .isEqualTo(GcsConfig.Credentials.APPLICATION_DEFAULT);
  }

  @Test
  void storageEmulatorHost_isTheEndpoint_whenNoneIsConfigured() {
    GcsConfig c = parse(Map.of("project_id", "p"), Map.of("STORAGE_EMULATOR_HOST", "localhost:9023"));
    assertThat(c.endpoint()).isEqualTo("http://localhost:9023");
    assertThat(c.credentials()).isEqualTo(GcsConfig.Credentials.NONE);
  }

  @Test
  void ambient_needsNoProjectId_andTakesGoogleCloudProject() {
    GcsConfig c = GcsConfig.from(new StowConfig("google", Map.of()), "storage.schemes.gs", true,
        Map.of("GOOGLE_CLOUD_PROJECT", "env-project"));
    assertThat(c.projectId()).isEqualTo("env-project");
    assertThat(c.credentials()).isEqualTo(GcsConfig.Credentials.APPLICATION_DEFAULT);
    assertThat(c.keyPrefix()).isEqualTo("storage.schemes.gs.config");
  }

  @Test
  void tuningKeys_acceptUnits_andChunksRoundUpTo256KiB() {
    GcsConfig c = parse(Map.of("project_id", "p", "upload_chunk_size", "1000000", "download_part_size", "16MiB",
        "parallel_download_min", "1G", "single_request_upload_max", "0", "download_concurrency", "8",
        "max_attempts", "3", "retry_timeout", "90s"), Map.of());
    assertThat(c.uploadChunkSize()).isEqualTo(4 * 256 * 1024);
    assertThat(c.downloadPartSize()).isEqualTo(16L << 20);
    assertThat(c.parallelDownloadMin()).isEqualTo(1L << 30);
    assertThat(c.singleRequestMax()).isZero();
    assertThat(c.downloadConcurrency()).isEqualTo(8);
    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.retryTimeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void sizes_takeASign_asTheyAlwaysDid() {
    assertThat(parse(Map.of("project_id", "p", "upload_chunk_size", "+8MiB"), Map.of()).uploadChunkSize())
        .isEqualTo(8 << 20);
    assertThatThrownBy(() -> parse(Map.of("project_id", "p", "single_request_upload_max", "-1"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("storage.stow.config.single_request_upload_max: [-1] must be at least 0 bytes");
    assertThatThrownBy(() -> parse(Map.of("project_id", "p", "download_part_size", "+-1"), Map.of()))
        .hasMessageContaining("[+-1] is not a size");
  }

  @Test
  void unknownKeys_areIgnored_asStowDoes() {
    assertThat(parse(Map.of("project_id", "p", "region", "us"), Map.of()).projectId()).isEqualTo("p");
  }

  @Test
  void badValues_nameTheirKey() {
    for (var bad : List.of(
        Map.entry("download_part_size", "lots"),
        Map.entry("download_concurrency", "0"),
        Map.entry("max_attempts", "x"),
        Map.entry("retry_timeout", "-1s"),
        Map.entry("endpoint", "ftp://host"))) {
      assertThatThrownBy(() -> parse(Map.of("project_id", "p", bad.getKey(), bad.getValue()), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("storage.stow.config." + bad.getKey() + ": ")
          .hasMessageContaining(bad.getValue());
    }
  }
}
