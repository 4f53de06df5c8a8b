package org.flyte.copilot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.ConnectionConfig;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.file.FileStore;
import org.flyte.copilot.core.storage.http.HttpStore;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Which backend a reference reaches through {@link Stores#open}. */
class StoresTest {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
  private static final ConnectionConfig NO_CONNECTION = new ConnectionConfig("", "", "", "", "", false);

  @TempDir Path dir;

  private static String s3Text(String bucket, String key) {
    return S3.client().getObjectAsBytes(g -> g.bucket(bucket).key(key)).asUtf8String();
  }

  @Test
  void s3Primary_takesS3AndSchemeLessReferences_inTheConfiguredContainer() {
    String bucket = S3.newBucket();
    try (RoutingStore store = Stores.open(S3.storageConfig(bucket))) {
      assertThat(store.primary()).isInstanceOf(S3Store.class);
      assertThat(store.scheme()).isEqualTo("s3");

      store.write(DataReference.parse("/metadata/inputs.pb"), "scheme-less".getBytes(StandardCharsets.UTF_8));
      store.write(DataReference.parse("s3://" + bucket + "/explicit.txt"), "explicit".getBytes(StandardCharsets.UTF_8));

      assertThat(s3Text(bucket, "metadata/inputs.pb")).isEqualTo("scheme-less");
      assertThat(s3Text(bucket, "explicit.txt")).isEqualTo("explicit");
      assertThat(store.readAllBytes(DataReference.parse("metadata/inputs.pb")))
          .asString(StandardCharsets.UTF_8).isEqualTo("scheme-less");
    }
  }

  @Test
  void localPrimary_sendsS3ReferencesToTheConfiguredS3Scheme() throws Exception {
    String bucket = S3.newBucket();
    StorageConfig config = new StorageConfig("local", "container", false,
        new StowConfig("local", Map.of("path", dir.toString())), NO_CONNECTION, 0, Duration.ZERO,
        Map.of("s3", S3.stowConfig()));
    try (RoutingStore store = Stores.open(config)) {
      assertThat(store.primary()).isInstanceOf(FileStore.class);

      store.write(DataReference.parse("s3://" + bucket + "/remote/a.txt"), "remote".getBytes(StandardCharsets.UTF_8));
      store.write(DataReference.parse("local/b.txt"), "local".getBytes(StandardCharsets.UTF_8));

      assertThat(s3Text(bucket, "remote/a.txt")).isEqualTo("remote");
      assertThat(Files.readString(dir.resolve("container/local/b.txt"))).isEqualTo("local");
      assertThat(store.list(DataReference.parse("s3://" + bucket + "/remote")).toList())
          .extracting(i -> i.reference().toUri()).containsExactly("s3://" + bucket + "/remote/a.txt");
    }
  }

  @Test
  void httpsReferences_goToTheReadOnlyHttpStore() {
    StorageConfig config = new StorageConfig("local", "c", false,
        new StowConfig("local", Map.of("path", dir.toString())), NO_CONNECTION, 0, Duration.ofSeconds(5), Map.of());
    try (RoutingStore store = Stores.open(config)) {
      assertThatThrownBy(() -> store.delete(DataReference.parse("https://example.invalid/x")))
          .hasMessage("delete https://example.invalid/x: HTTP(S) storage is read-only");
      assertThatThrownBy(() -> store.delete(DataReference.parse("http://example.invalid/x")))
          .hasMessage("delete http://example.invalid/x: HTTP(S) storage is read-only");
      assertThat(BackendFactories.http(config)).isInstanceOf(HttpStore.class);
    }
  }

  @Test
  void s3Primary_withoutAccessKey_failsNamingTheKey() {
    Map<String, String> m = new java.util.HashMap<>(S3.stowConfig().config());
    m.remove("access_key_id");
    StorageConfig config = new StorageConfig("stow", "b", false, new StowConfig("s3", m), NO_CONNECTION, 0,
        Duration.ZERO, Map.of());
    assertThatThrownBy(() -> Stores.open(config))
        .isInstanceOf(ConfigException.class)
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("storage.stow.config.access_key_id");
  }

  @Test
  void legacyConnection_becomesAnS3Store() {
    String bucket = S3.newBucket();
    StorageConfig config = new StorageConfig("minio", bucket, false, new StowConfig("", Map.of()),
        new ConnectionConfig(S3.endpoint().toString(), "accesskey", EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY,
            "", true), 0, Duration.ZERO, Map.of());
    try (RoutingStore store = Stores.open(config)) {
      store.write(DataReference.parse("k.txt"), "legacy".getBytes(StandardCharsets.UTF_8));
      assertThat(s3Text(bucket, "k.txt")).isEqualTo("legacy");
    }
  }

  @Test
  void fileReferences_withoutConfiguredRoot_neverReadTheContainerFilesystem() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.yaml"), "secret_key: TOPSECRET");
    String bucket = S3.newBucket();
    try (RoutingStore store = Stores.open(S3.storageConfig(bucket))) {
      assertThatThrownBy(() -> store.read(DataReference.parse("file://" + secret)))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("storage.schemes.file.config.path: file:// references need a local store root");
    }
  }

  @Test
  void fileReferences_withConfiguredRoot_stayInsideIt() throws Exception {
    Files.createDirectories(dir.resolve("c"));
    Files.writeString(dir.resolve("c/x.txt"), "inside");
    StorageConfig s3 = S3.storageConfig(S3.newBucket());
    StorageConfig config = new StorageConfig(s3.type(), s3.container(), false, s3.stow(), NO_CONNECTION, 0,
        Duration.ZERO, Map.of("file", new StowConfig("local", Map.of("path", dir.toString()))));
    try (RoutingStore store = Stores.open(config)) {
      assertThat(store.readAllBytes(DataReference.parse("file://c/x.txt"))).asString().isEqualTo("inside");
      assertThatThrownBy(() -> store.read(new DataReference("file", "c", "../../etc/passwd")))
          .hasMessageContaining("outside the store root");
    }
  }

  @Test
  void maxDownloadMBs_refusesLargerObjectsBeforeReading() throws Exception {
    Files.createDirectories(dir.resolve("c"));
    Files.write(dir.resolve("c/big.bin"), new byte[3 * 1024 * 1024 + 1]);
    Files.write(dir.resolve("c/small.bin"), new byte[10]);
    StorageConfig config = new StorageConfig("local", "c", false,
        new StowConfig("local", Map.of("path", dir.toString())), NO_CONNECTION, 3, Duration.ZERO, Map.of());
    try (RoutingStore store = Stores.open(config)) {
      assertThat(store.readAllBytes(DataReference.parse("file://c/small.bin"))).hasSize(10);
      assertThatThrownBy(() -> store.readTo(DataReference.parse("file://c/big.bin"), dir.resolve("out.bin")))
          .hasMessage("read file://c/big.bin: limit exceeded. 4mb > 3mb. You can increase the limit by setting "
              + "storage.limits.maxDownloadMBs (0 = unlimited).");
      assertThat(dir.resolve("out.bin")).doesNotExist();
    }
  }
}
