package org.flyte.copilot.core.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.flyte.copilot.core.config.ConnectionConfig;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.RoutingStore;
import org.flyte.copilot.core.storage.Stores;
import org.flyte.copilot.core.storage.file.FileStore;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.flyte.copilot.core.testing.SharedServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process, several backends (docs/compatibility.md, "Store routing", v2): the primary store from {@code
 * storage.*},
 * {@code gs://} references dialled lazily from {@code storage.schemes.gs} (the GCS emulator here).
 */
@ExtendWith(FirebaseStorageEmulator.Required.class)
class MixedSchemeRoutingTest {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
  private static final ConnectionConfig NO_CONNECTION = new ConnectionConfig("", "", "", "", "", false);
  @RegisterExtension
  static final SharedServer<FirebaseStorageEmulator> EMULATOR =
      new SharedServer<>(FirebaseStorageEmulator::startIfInstalled);

  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void filePrimary_andGcs_readAndWriteAcrossBoth() throws Exception {
    StorageConfig config = new StorageConfig("local", "container", false,
        new StowConfig("local", Map.of("path", dir.toString())), NO_CONNECTION, 0, Duration.ZERO,
        Map.of("gs", EMULATOR.get().stow(Map.of())));
    byte[] blob = new byte[300_000];
    new Random(1).nextBytes(blob);
    try (RoutingStore store = Stores.open(config)) {
      assertThat(store.primary()).isInstanceOf(FileStore.class);

      DataReference remote = DataReference.parse("gs://raw-bucket/run1/blob.bin");
      store.write(remote, blob);
      store.write(DataReference.parse("metadata/inputs.pb"), utf8("local metadata"));

      // GCS object copied into the primary store and back out to another gs:// key
      Path staged = dir.resolve("staged.bin");
      store.readTo(remote, staged);
      store.write(DataReference.parse("staged/blob.bin"), staged);
      store.write(DataReference.parse("gs://raw-bucket/run1/copy.bin"),
          store.read(DataReference.parse("staged/blob.bin")), blob.length);

      assertThat(Files.readString(dir.resolve("container/metadata/inputs.pb"))).isEqualTo("local metadata");
      assertThat(Files.readAllBytes(dir.resolve("container/staged/blob.bin"))).isEqualTo(blob);
      assertThat(store.readAllBytes(DataReference.parse("gs://raw-bucket/run1/copy.bin"))).isEqualTo(blob);
      assertThat(store.list(DataReference.parse("gs://raw-bucket/run1")).map(i -> i.reference().toUri()))
          .containsExactlyInAnyOrder("gs://raw-bucket/run1/blob.bin", "gs://raw-bucket/run1/copy.bin");
    }
  }

  @Test
  void s3Primary_inputsMapOnS3_blobsOnGcs_andOutputsSplitTheSameWay() throws Exception {
    String bucket = S3.newBucket();
    StorageConfig base = S3.storageConfig(bucket);
    StorageConfig config = new StorageConfig(base.type(), base.container(), base.enableMulticontainer(), base.stow(),
        base.connection(), base.maxDownloadMBs(), base.httpTimeout(), Map.of("gs", EMULATOR.get().stow(Map.of())));
    try (RoutingStore store = Stores.open(config).checkPrimaryContainer()) {
      assertThat(store.primary()).isInstanceOf(S3Store.class);

      // download: the inputs map sits on s3, the blob it names on gs
      DataReference blobRef = DataReference.parse("gs://flyte-raw/abc/input.csv");
      store.write(blobRef, utf8("a,b\n1,2\n"));
      store.write(DataReference.parse("s3://" + bucket + "/metadata/inputs.pb"), utf8(blobRef.toUri()));
      String named = new String(store.readAllBytes(DataReference.parse("/metadata/inputs.pb")), StandardCharsets.UTF_8);
      Path local = dir.resolve("input.csv");
      store.readTo(DataReference.parse(named), local);
      assertThat(Files.readString(local)).isEqualTo("a,b\n1,2\n");

      // sidecar: raw output to gs, outputs.pb to s3
      Path output = dir.resolve("result.txt");
      Files.writeString(output, "42");
      DataReference rawOut = DataReference.parse("gs://flyte-raw/abc/out/result.txt");
      store.write(rawOut, output);
      store.write(DataReference.parse("s3://" + bucket + "/metadata/outputs.pb"), utf8(rawOut.toUri()));

      assertThat(S3.client().getObjectAsBytes(g -> g.bucket(bucket).key("metadata/outputs.pb")).asUtf8String())
          .isEqualTo("gs://flyte-raw/abc/out/result.txt");
      try (GcsStore direct = GcsStore.open(EMULATOR.get().stow(Map.of()), "storage.stow")) {
        assertThat(direct.readAllBytes(rawOut)).isEqualTo(utf8("42"));
      }
    }
  }

  @Test
  void gsWithoutSchemeConfig_isDialledWithAmbientSettings() {
    // what storage.schemes.gs absent means: no key, Application Default Credentials; here the
    // emulator is found through STORAGE_EMULATOR_HOST, as the Google client libraries do
    Map<String, String> env = Map.of("STORAGE_EMULATOR_HOST", EMULATOR.get().endpoint().substring("http://".length()));
    try (GcsStore writer = GcsStore.open(EMULATOR.get().stow(Map.of()), "storage.stow");
        GcsStore ambient = GcsStore.open(new StowConfig("google", Map.of()), "storage.schemes.gs", env)) {
      // (written through the emulator-tuned store: the emulator rejects the small-object multipart upload)
      writer.write(DataReference.parse("gs://ambient/x.txt"), utf8("ambient"));

      assertThat(ambient.config().credentials()).isEqualTo(GcsConfig.Credentials.NONE);
      assertThat(ambient.config().endpoint()).isEqualTo(EMULATOR.get().endpoint());
      assertThat(ambient.readAllBytes(DataReference.parse("gs://ambient/x.txt"))).isEqualTo(utf8("ambient"));
    }
  }
}
