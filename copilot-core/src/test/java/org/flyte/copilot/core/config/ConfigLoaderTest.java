package org.flyte.copilot.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String yaml) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, yaml);
    return p;
  }

  /** What loading {@code file} alone, with no environment and no flags, fails with. */
  private static ConfigException loadFailure(Path file) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(file.toString(), Map.of(), Map.of()));
  }

  @Test
  void load_flyteChartSecret_readsStowS3Section() throws Exception {
    write("copilot-storage-config.yaml", """
        storage:
          type: stow
          stow:
            kind: s3
            config:
              region: us-east-1
              disable_ssl: false
              v2_signing: false
              endpoint: http://minio:9000
              auth_type: accesskey
              access_key_id: "AKIA"
              secret_key: "s3cr3t"
          container: my-bucket
        """);
    CopilotConfig c = ConfigLoader.load(dir + "/*.yaml", Map.of(), Map.of());
    StorageConfig s = c.storage();
    assertThat(s.type()).isEqualTo("stow");
    assertThat(s.container()).isEqualTo("my-bucket");
    assertThat(s.stow().kind()).isEqualTo("s3");
    assertThat(s.stow().config()).containsEntry("endpoint", "http://minio:9000")
        .containsEntry("disable_ssl", "false").containsEntry("secret_key", "s3cr3t");
    assertThat(s.stow().toString()).doesNotContain("s3cr3t").contains("<redacted>");
  }

  @Test
  void load_severalFiles_mergeInNameOrderLaterWins() throws Exception {
    write("a.yaml", "storage:\n  type: s3\n  container: first\n  stow:\n    config:\n      region: eu-west-1\n");
    write("b.yaml", "storage:\n  container: second\n  stow:\n    config:\n      endpoint: http://x\n");
    StorageConfig s = ConfigLoader.load(dir + "/*.yaml", Map.of(), Map.of()).storage();
    assertThat(s.type()).isEqualTo("s3");
    assertThat(s.container()).isEqualTo("second");
    assertThat(s.stow().config()).containsEntry("region", "eu-west-1").containsEntry("endpoint", "http://x");
  }

  @Test
  void load_precedence_flagOverEnvOverFileOverDefault() throws Exception {
    write("c.yaml", "storage:\n  type: s3\n  container: file-bucket\n  limits:\n    maxDownloadMBs: 5\n");
    String glob = dir + "/c.yaml";
    Map<String, String> env = Map.of("STORAGE.CONTAINER", "env-bucket", "STORAGE.ENABLE_MULTICONTAINER", "true");
    StorageConfig s = ConfigLoader.load(glob, env, Map.of("storage.container", List.of("flag-bucket"))).storage();
    assertThat(s.container()).isEqualTo("flag-bucket");
    assertThat(s.enableMulticontainer()).isTrue();
    assertThat(s.maxDownloadMBs()).isEqualTo(5);
    assertThat(ConfigLoader.load(glob, env, Map.of()).storage().container()).isEqualTo("env-bucket");
    assertThat(ConfigLoader.load(glob, Map.of(), Map.of()).storage().container()).isEqualTo("file-bucket");
    StorageConfig defaults = ConfigLoader.load("", Map.of(), Map.of()).storage();
    assertThat(defaults.type()).isEqualTo("local");
    assertThat(defaults.maxDownloadMBs()).isZero();
    assertThat(defaults.httpTimeout()).isEqualTo(Duration.ZERO);
  }

  @Test
  void load_stowConfigFlags_csvPairsAndRepeatsMergeOverFile() throws Exception {
    write("d.yaml", "storage:\n  stow:\n    kind: s3\n    config:\n      region: eu-west-1\n      endpoint: http://file\n");
    Map<String, List<String>> flags = Map.of("storage.stow.config",
        List.of("endpoint=http://flag:9000,auth_type=accesskey", "note=a,b"));
    StowConfig stow = ConfigLoader.load(dir + "/d.yaml", Map.of(), flags).storage().stow();
    assertThat(stow.config()).containsEntry("region", "eu-west-1")
        .containsEntry("endpoint", "http://flag:9000").containsEntry("auth_type", "accesskey")
        .containsEntry("note", "a,b");
  }

  @Test
  void load_stowConfigFlagWithoutEquals_namesTheFlag() {
    assertThatThrownBy(() -> ConfigLoader.load("", Map.of(), Map.of("storage.stow.config", List.of("regionus"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--storage.stow.config: expected key=value");
  }

  @Test
  void load_unknownTopLevelKey_isAnErrorNamingFileAndKey() throws Exception {
    Path p = write("e.yaml", "storage:\n  type: s3\nplugins:\n  x: 1\n");
    assertThat(loadFailure(p)).hasMessage(p + ": unknown top-level keys [plugins] (known sections: [logger, storage])");
  }

  @Test
  void load_malformedYaml_neverEchoesTheLine_whichMayHoldASecret() throws Exception {
    Path p = write("secret.yaml", "storage:\n  stow:\n    config:\n      secret_key: Sup3rS3cretValue: oops\n");
    ConfigException e = loadFailure(p);
    assertThat(e.getMessage()).startsWith(p + ": malformed YAML at line 4: ").doesNotContain("Sup3rS3cretValue");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("Sup3rS3cretValue");
    }
  }

  @Test
  void load_malformedYaml_namesFileAndLine() throws Exception {
    Path p = write("f.yaml", "storage:\n  type: s3\n   container: [oops\n");
    assertThat(loadFailure(p)).hasMessageStartingWith(p + ": malformed YAML at line");
  }

  @Test
  void load_missingExplicitFile_isAnError() {
    assertThat(loadFailure(dir.resolve("nope.yaml")))
        .hasMessage("--config: config file " + dir + "/nope.yaml does not exist");
  }

  @Test
  void load_globMatchingNothing_fallsBackToDefaults() {
    StorageConfig s = ConfigLoader.load(dir + "/*.yaml", Map.of(), Map.of()).storage();
    assertThat(s.type()).isEqualTo("local");
  }

  @Test
  void load_badValues_nameTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load("", Map.of(),
        Map.of("storage.limits.maxDownloadMBs", List.of("lots")))).hasMessage(
            "storage.limits.maxDownloadMBs: expected an integer, found [lots]");
    assertThatThrownBy(() -> ConfigLoader.load("", Map.of(),
        Map.of("storage.enable-multicontainer", List.of("maybe")))).hasMessage(
            "storage.enable-multicontainer: expected true or false, found [maybe]");
    assertThatThrownBy(() -> ConfigLoader.load("", Map.of("STORAGE.DEFAULTHTTPCLIENT.TIMEOUT", "10"), Map.of()))
        .hasMessage("storage.defaultHttpClient.timeout: time: missing unit in duration \"10\"");
  }

  @Test
  void load_legacyConnection_becomesStowS3AndHidesSecret() throws Exception {
    Map<String, List<String>> flags = Map.of(
        "storage.connection.endpoint", List.of("http://127.0.0.1:9000"),
        "storage.connection.access-key", List.of("minio"),
        "storage.connection.secret-key", List.of("miniostorage"),
        "storage.connection.auth-type", List.of("accesskey"));
    ConnectionConfig c = ConfigLoader.load("", Map.of(), flags).storage().connection();
    assertThat(c.toStow().config()).containsEntry("endpoint", "http://127.0.0.1:9000")
        .containsEntry("access_key_id", "minio").containsEntry("secret_key", "miniostorage")
        .containsEntry("auth_type", "accesskey").containsEntry("region", "us-east-1");
    assertThat(c.toString()).doesNotContain("miniostorage");
  }
}
