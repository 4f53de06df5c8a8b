package org.flyte.copilot.upload.transfer;

import org.flyte.copilot.upload.Fixture;
import org.flyte.copilot.upload.FixtureTestBase;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.locate.UploadPlan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flyte.copilot.upload.Fixture.blob;
import static org.flyte.copilot.upload.Fixture.outputs;

import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.testing.ForwardingStore;
import org.junit.jupiter.api.Test;

/** Progress of uploads (D15): bytes counted as the store reads them, reported through the listener. */
class UploadProgressTest extends FixtureTestBase {
  private static final int MIB = 1024 * 1024;


  private byte[] writeBytes(String relative, int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    Path p = f.outDir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, data);
    return data;
  }

  @Test
  void multiFileUpload_countsEveryByteTheStoreReads() throws Exception {
    int[] sizes = {0, 1, 70_000, MIB + 3, 2 * MIB};
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      writeBytes("parts/p" + i, sizes[i]);
      total += sizes[i];
    }
    byte[] single = writeBytes("model", 300_000);
    total += single.length;
    TypedInterface iface = outputs("parts", blob("", BlobDimensionality.MULTIPART),
        "model", blob("bin", BlobDimensionality.SINGLE));
    UploadRequest request = f.request(iface).with(r -> r.concurrency = 3);
    UploadPlan uploads = Uploader.plan(request).plan();
    ReadCountingStore store = new ReadCountingStore(f.store);
    UploadCache cache = new UploadCache();
    List<String> lines = new CopyOnWriteArrayList<>();
    UploadListener listener = new UploadListener() {
      @Override
      public void info(String message) {
        lines.add(message);
      }
    };

    OutputTransfers.Transferred t = new OutputTransfers(store, 3, cache, listener, Duration.ofMillis(1)).run(uploads);

    assertThat(t.files()).isEqualTo(6);
    assertThat(t.bytes()).isEqualTo(total).isEqualTo(store.read.get());
    for (int i = 0; i < sizes.length; i++) {
      assertThat(f.store.readAllBytes(DataReference.parse(Fixture.RAW + "/parts/p" + i)))
          .isEqualTo(Files.readAllBytes(f.outDir.resolve("parts/p" + i)));
    }
    assertThat(f.store.readAllBytes(DataReference.parse(Fixture.RAW + "/model"))).isEqualTo(single);
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("upload progress: "));

    // everything is in the cache now: nothing is sent, nothing counted
    OutputTransfers.Transferred again = new OutputTransfers(store, 3, cache, listener, Duration.ZERO).run(uploads);
    assertThat(again.files()).isZero();
    assertThat(again.bytes()).isZero();
    assertThat(again.considered()).isEqualTo(6);
  }

  @Test
  void longUpload_logsProgressWithTheBytesSentSoFar() throws Exception {
    byte[] model = writeBytes("model", 2 * MIB);
    List<String> lines = new CopyOnWriteArrayList<>();
    UploadListener listener = new UploadListener() {
      @Override
      public void info(String message) {
        lines.add(message);
      }
    };
    HalfwayStore store = new HalfwayStore(f.store, () -> lines.stream().anyMatch(l -> l.startsWith("upload progress: 1.0 MiB")));

    new Uploader(store, listener, Duration.ofMillis(5)).upload(f.request(outputs("model", blob("", BlobDimensionality.SINGLE))));

    assertThat(store.waited.get()).as("the store saw a progress line half way").isTrue();
    assertThat(lines).anySatisfy(l -> assertThat(l).matches(
        "upload progress: 1\\.0 MiB of 2\\.0 MiB \\(50%\\), 0 files done, 1 in flight, [0-9.]+ [KMG]?i?B/s(, ETA \\d+s)?"));
    assertThat(f.store.readAllBytes(DataReference.parse(Fixture.RAW + "/model"))).isEqualTo(model);
    assertThat(f.outputs().getLiteralsOrThrow("model").getScalar().getBlob().getUri()).isEqualTo(Fixture.RAW + "/model");
  }

  @Test
  void throwingListener_doesNotFailTheUpload_andTheReporterThreadStops() throws Exception {
    byte[] model = writeBytes("model", 2 * MIB);
    AtomicReference<Thread> reporter = new AtomicReference<>();
    List<String> lines = new CopyOnWriteArrayList<>();
    UploadListener listener = new UploadListener() {
      @Override
      public void info(String message) {
        if (message.startsWith("upload progress: ")) {
          reporter.set(Thread.currentThread());
        }
        lines.add(message);
        throw new IllegalStateException("listener is broken");
      }

      @Override
      public void uploaded(String variable, String localPath, String reference, long bytes) {
        throw new IllegalStateException("listener is broken");
      }
    };
    HalfwayStore store = new HalfwayStore(f.store, () -> reporter.get() != null);

    UploadResult r = new Uploader(store, listener, Duration.ofMillis(5))
        .upload(f.request(outputs("model", blob("", BlobDimensionality.SINGLE))));

    assertThat(store.waited.get()).isTrue();
    assertThat(r.filesUploaded()).isEqualTo(1);
    assertThat(f.store.readAllBytes(DataReference.parse(Fixture.RAW + "/model"))).isEqualTo(model);
    assertThat(f.hasOutputs()).isTrue();
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("wrote " + Fixture.OUT + "/outputs.pb"));
    assertThat(reporter.get().getName()).startsWith("copilot-progress-");
    assertThat(reporter.get().isAlive()).as("the progress thread ends with the transfer").isFalse();
  }

  /** Delegates to a real store, counting the bytes it reads from the streams it is given. */
  private static class ReadCountingStore extends ForwardingStore {
    final AtomicLong read = new AtomicLong();

    ReadCountingStore(ObjectStore delegate) {
      super(delegate);
    }





    @Override
    public void write(DataReference ref, Path file) {
      throw new AssertionError("uploads are expected to stream");
    }

    @Override
    public void write(DataReference ref, InputStream in, long size) {
      delegate.write(ref, new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            read.incrementAndGet();
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            read.addAndGet(n);
          }
          return n;
        }
      }, size);
    }


  }

  /**
   * Reads the first half of a raw-data upload, then waits (at most 30 s) until {@code condition}
   * holds before sending the rest, so that a progress report falls in the middle of the transfer.
   */
  private static final class HalfwayStore extends ReadCountingStore {
    private final BooleanSupplier condition;
    final AtomicBoolean waited = new AtomicBoolean();

    HalfwayStore(ObjectStore delegate, BooleanSupplier condition) {
      super(delegate);
      this.condition = condition;
    }

    @Override
    public void write(DataReference ref, InputStream in, long size) {
      if (!ref.key().startsWith("raw/")) {
        delegate.write(ref, in, size);
        return;
      }
      byte[] head;
      try {
        head = in.readNBytes((int) (size / 2));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > end) {
          throw new AssertionError("no progress report within 30s");
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted");
        }
      }
      waited.set(true);
      delegate.write(ref, new SequenceInputStream(new ByteArrayInputStream(head), in), size);
    }
  }
}
