package org.flyte.copilot.core.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.testing.RandomBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client's upload protocols against a recording server: chunked resumable uploads
 * (Content-Range, 308 + Range, resumption after partial acknowledgement and after a 503), the single
 * streamed PUT used for files, and one-request multipart uploads for small objects.
 */
class GcsResumableUploadTest extends GcsStoreOnRecorder {
  private static final int KIB = 1024;
  private static final int CHUNK = 256 * KIB;
  private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\*|\\d+)");

  @TempDir Path tmp;

  GcsResumableUploadTest() {
    super(Map.of("upload_chunk_size", "256KiB", "single_request_upload_max", "64KiB"));
  }

  /** The PUTs that carried data, as [first, last, total-or--1]. */
  private List<long[]> dataRanges() {
    return recorder.uploadPuts().stream()
        .filter(r -> r.body().length > 0)
        .map(r -> {
          Matcher m = RANGE.matcher(r.header("content-range"));
          assertThat(m.matches()).as("Content-Range [%s]", r.header("content-range")).isTrue();
          return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
              m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3))};
        })
        .toList();
  }

  @Test
  void streamUpload_sendsChunksWithContiguousContentRanges_andTheWholeObjectCrcAtTheEnd() {
    byte[] data = RandomBytes.of(3 * CHUNK + 1000, 1);
    DataReference ref = DataReference.parse("gs://bkt/out/stream.bin");

    store.write(ref, new ByteArrayInputStream(data), data.length);

    assertThat(recorder.object("bkt", "out/stream.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
    assertThat(recorder.requests().get(0).method()).isEqualTo("POST");
    assertThat(recorder.requests().get(0).query()).contains("uploadType=resumable");
    List<long[]> ranges = dataRanges();
    assertThat(ranges).hasSize(4);
    long expectedFirst = 0;
    for (int i = 0; i < ranges.size(); i++) {
      long[] r = ranges.get(i);
      assertThat(r[0]).as("chunk %d starts where the previous ended", i).isEqualTo(expectedFirst);
      boolean last = i == ranges.size() - 1;
      if (last) {
        assertThat(r[2]).as("the final chunk declares the total").isEqualTo(data.length);
        assertThat(r[1]).isEqualTo(data.length - 1);
      } else {
        assertThat(r[2]).as("intermediate chunks leave the total open").isEqualTo(-1);
        assertThat(r[1] - r[0] + 1).as("intermediate chunks are whole 256 KiB units").isEqualTo(CHUNK);
      }
      expectedFirst = r[1] + 1;
    }
    List<GcsRecorder.Request> puts = recorder.uploadPuts();
    assertThat(puts.get(puts.size() - 1).header("x-goog-hash"))
        .isEqualTo("crc32c=" + Crc32cs.toBase64(Crc32cs.of(data)));
  }

  @Test
  void partialAcknowledgement_makesTheClientResendFromThePersistedOffset() {
    byte[] data = RandomBytes.of(3 * CHUNK + 5, 2);
    AtomicInteger bodyPuts = new AtomicInteger();
    // GCS may persist less than a chunk and say so in the 308's Range header.
    recorder.onUploadPut(r -> r.body().length > 0 && bodyPuts.incrementAndGet() == 2
        ? new GcsRecorder.PutOverride(308, CHUNK + 100 * KIB) : null);

    store.write(DataReference.parse("gs://bkt/partial.bin"), new ByteArrayInputStream(data), data.length);

    assertThat(recorder.object("bkt", "partial.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
    List<long[]> ranges = dataRanges();
    assertThat(ranges.get(1)[0]).isEqualTo(CHUNK);
    assertThat(ranges.get(2)[0]).as("the next request resumes at the acknowledged offset")
        .isEqualTo(CHUNK + 100 * KIB);
  }

  @Test
  void serverErrorMidUpload_isRetried_byQueryingTheSessionAndResuming() {
    byte[] data = RandomBytes.of(3 * CHUNK + 7, 3);
    AtomicInteger bodyPuts = new AtomicInteger();
    recorder.onUploadPut(r -> r.body().length > 0 && bodyPuts.incrementAndGet() == 2
        ? new GcsRecorder.PutOverride(503, CHUNK + 50_000) : null);

    store.write(DataReference.parse("gs://bkt/retry.bin"), new ByteArrayInputStream(data), data.length);

    assertThat(recorder.object("bkt", "retry.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
    List<GcsRecorder.Request> puts = recorder.uploadPuts();
    assertThat(puts).anySatisfy(p -> {
      assertThat(p.body()).isEmpty();
      assertThat(p.header("content-range")).isEqualTo("bytes */*");
    });
    assertThat(dataRanges()).anySatisfy(r -> assertThat(r[0]).isEqualTo(CHUNK + 50_000));
  }

  @Test
  void fileUpload_isOneStreamedPut_declaringItsCrc32c_andResumesAfterAFailure() throws Exception {
    byte[] data = RandomBytes.of(1024 * KIB + 5, 4);
    Path file = tmp.resolve("big.bin");
    Files.write(file, data);
    AtomicInteger bodyPuts = new AtomicInteger();
    recorder.onUploadPut(r -> r.body().length > 0 && bodyPuts.incrementAndGet() == 1
        ? new GcsRecorder.PutOverride(503, 300_000) : null);

    store.write(DataReference.parse("gs://bkt/file.bin"), file);

    assertThat(recorder.object("bkt", "file.bin")).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
    String initiation = new String(recorder.requests().get(0).body(), StandardCharsets.UTF_8);
    assertThat(initiation).contains("\"crc32c\":\"" + Crc32cs.toBase64(Crc32cs.of(data)) + "\"");
    List<long[]> ranges = dataRanges();
    assertThat(ranges.get(0)).containsExactly(0, data.length - 1, data.length);
    assertThat(ranges.get(ranges.size() - 1)).containsExactly(300_000, data.length - 1, data.length);
  }

  @Test
  void smallObject_isOneMultipartRequest_carryingItsCrc32c() {
    byte[] data = "small output".getBytes(StandardCharsets.UTF_8);

    store.write(DataReference.parse("gs://bkt/outputs.pb"), data);

    assertThat(recorder.requests()).hasSize(1);
    GcsRecorder.Request r = recorder.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.query()).contains("uploadType=multipart");
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .contains("\"crc32c\":\"" + Crc32cs.toBase64(Crc32cs.of(data)) + "\"");
    assertThat(recorder.object("bkt", "outputs.pb")).hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
  }

  @Test
  void sourceShorterThanDeclared_failsWithoutFinalisingTheUpload() {
    byte[] data = RandomBytes.of(2 * CHUNK + 10, 5);
    DataReference ref = DataReference.parse("gs://bkt/short.bin");

    assertThatThrownBy(() -> store.write(ref, new ByteArrayInputStream(data), data.length + 100))
        .isInstanceOf(StorageException.class)
        .hasMessage("write gs://bkt/short.bin: expected " + (data.length + 100) + " bytes but the source had "
            + data.length + "; nothing was written");
    assertThat(recorder.object("bkt", "short.bin")).isEmpty();
    assertThat(dataRanges()).allSatisfy(r -> assertThat(r[2]).isEqualTo(-1));
  }
}
