package org.flyte.copilot.core.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.ObjectStoreContract;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.testing.Closeables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.flyte.copilot.core.testing.SharedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract against GcsStore on the Firebase Storage emulator (a real HTTP server speaking
 * the GCS JSON API), with every upload as one resumable PUT; skipped when the emulator is not
 * installed (.ci/install-gcs-emulator), each test reported as skipped with the reason.
 */
@ExtendWith(FirebaseStorageEmulator.Required.class)
class GcsStoreContractTest extends ObjectStoreContract {
  @RegisterExtension
  static final SharedServer<FirebaseStorageEmulator> EMULATOR =
      new SharedServer<>(FirebaseStorageEmulator::startIfInstalled);
  private static GcsStore store;

  @BeforeAll
  static void startEmulator() throws Exception {
    if (!EMULATOR.started()) {
      return;
    }
    // small parts so that the parallel ranged download runs on a few MiB
    store = GcsStore.open(EMULATOR.get().stow(Map.of("parallel_download_min", "1MiB", "download_part_size", "512KiB")),
        "storage.stow");
  }

  @AfterAll
  static void stopEmulator() {
    Closeables.closeAll(store);
  }

  @Override
  protected ObjectStore store() {
    return store;
  }

  @Override
  protected DataReference base() {
    return new DataReference("gs", "contract-bucket", "");
  }

  @Test
  void largeFile_roundTrips_throughOneResumablePut_andParallelRangedReads() throws Exception {
    DataReference ref = root.child("large.bin");
    byte[] data = writeRandomFile(ref, 5 * 1024 * 1024 + 123);
    Path target = tmp.resolve("large-back.bin");
    store.readTo(ref, target);

    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(store.head(ref).orElseThrow().size()).isEqualTo(data.length);
  }

  @Test
  void head_etagIsTheMd5Hex() {
    DataReference ref = root.child("md5.txt");
    store.write(ref, bytes("hello"));

    assertThat(store.head(ref).orElseThrow().etag()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
  }

  @Test
  void checkContainer_acceptsTheBucket() {
    store.checkContainer("contract-bucket");
  }

  @Test
  void referenceWithoutKey_isRejected() {
    assertThatThrownBy(() -> store.write(new DataReference("gs", "contract-bucket", ""), bytes("x")))
        .isInstanceOf(StorageException.class)
        .hasMessage("write gs://contract-bucket/: the reference names a bucket, not an object");
  }
}
