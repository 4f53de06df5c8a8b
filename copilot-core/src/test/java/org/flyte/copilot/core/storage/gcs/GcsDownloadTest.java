package org.flyte.copilot.core.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.testing.RandomBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against a recording server: parallel ranged reads of one generation, CRC32C checks. */
class GcsDownloadTest extends GcsStoreOnRecorder {
  private static final int KIB = 1024;

  @TempDir Path tmp;

  GcsDownloadTest() {
    super(Map.of("parallel_download_min", "1MiB", "download_part_size", "256KiB", "download_concurrency", "3"));
  }

  private List<GcsRecorder.Request> mediaGets() {
    return recorder.requests().stream().filter(r -> r.query().contains("alt=media")).toList();
  }

  @Test
  void largeObject_isDownloadedAsRangedReadsOfOneGeneration() throws Exception {
    byte[] data = RandomBytes.of(1024 * KIB + 300, 1);
    recorder.put("bkt", "in/model.bin", data);
    Path target = tmp.resolve("model.bin");

    store.readTo(DataReference.parse("gs://bkt/in/model.bin"), target);

    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    List<GcsRecorder.Request> gets = mediaGets();
    assertThat(gets).hasSize(5);
    assertThat(gets).allSatisfy(g -> {
      assertThat(g.query()).contains("generation=");
      assertThat(g.header("range")).startsWith("bytes=");
    });
    assertThat(gets.stream().map(g -> g.header("range")).sorted())
        .containsExactly("bytes=0-262143", "bytes=1048576-1048875", "bytes=262144-524287",
            "bytes=524288-786431", "bytes=786432-1048575");
  }

  @Test
  void corruptParallelDownload_failsOnTheCrc32c_andLeavesNoFile() throws Exception {
    byte[] data = RandomBytes.of(1024 * KIB + 1, 2);
    recorder.put("bkt", "in/model.bin", data);
    recorder.corruptDownloads(true);
    Path target = tmp.resolve("model.bin");

    assertThatThrownBy(() -> store.readTo(DataReference.parse("gs://bkt/in/model.bin"), target))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("download to " + target + " gs://bkt/in/model.bin: CRC32C mismatch: GCS has "
            + Crc32cs.toBase64(Crc32cs.of(data)) + ", received bytes hash to ");
    assertThat(target).doesNotExist();
  }

  @Test
  void corruptSmallDownload_failsOnTheCrc32c_andLeavesNoFile() throws Exception {
    recorder.put("bkt", "in/x.txt", "some input".getBytes());
    recorder.corruptDownloads(true);
    Path target = tmp.resolve("x.txt");

    assertThatThrownBy(() -> store.readTo(DataReference.parse("gs://bkt/in/x.txt"), target))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("download to " + target + " gs://bkt/in/x.txt: CRC32C mismatch: GCS has ");
    assertThat(target).doesNotExist();
  }

  @Test
  void corruptStream_failsAtItsEnd_namingTheReference() {
    recorder.put("bkt", "in/x.txt", "some input".getBytes());
    recorder.corruptDownloads(true);

    assertThatThrownBy(() -> {
      try (InputStream in = store.read(DataReference.parse("gs://bkt/in/x.txt"))) {
        in.readAllBytes();
      }
    }).isInstanceOf(IOException.class)
        .hasMessageStartingWith("read gs://bkt/in/x.txt: CRC32C mismatch: GCS has ");
  }

  @Test
  void corruptSmallRead_ofAllBytes_isOneStorageFailure() {
    recorder.put("bkt", "in/x.txt", "some input".getBytes());
    recorder.corruptDownloads(true);

    assertThatThrownBy(() -> store.readAllBytes(DataReference.parse("gs://bkt/in/x.txt")))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("read gs://bkt/in/x.txt: CRC32C mismatch: GCS has ");
  }

  @Test
  void rangedRead_isClampedToTheObject() throws Exception {
    recorder.put("bkt", "r.txt", "0123456789".getBytes());
    DataReference ref = DataReference.parse("gs://bkt/r.txt");

    try (InputStream in = store.readRange(ref, 2, 3)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("234");
    }
    try (InputStream in = store.readRange(ref, 8, 100)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("89");
    }
    try (InputStream in = store.readRange(ref, 10, 5)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }
}
