package org.flyte.copilot.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectChangedException;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.TransientStorageException;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.flyte.copilot.core.testing.ForwardingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The engine against a real S3 server (s3proxy), with failures injected into the streams it reads. */
class TransferEngineTest {
  private static final int MIB = 1 << 20;
  private static final RetryPolicy FAST = new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(5));
  private static EmbeddedS3 s3;
  private static String bucket;
  private static S3Store store;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    s3 = EmbeddedS3.start();
    bucket = s3.bucket("engine");
    store = s3.store();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private static byte[] put(String key, int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    s3.client().putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(data));
    return data;
  }

  private static DataReference ref(String key) {
    return new DataReference("s3", bucket, key);
  }

  private TransferRequest.Download download(String key, Path target, boolean lookUp) {
    return new TransferRequest.Download(ref(key), target.resolveSibling("." + target.getFileName() + ".part"),
        t -> Files.move(t, target), -1, "", lookUp, key);
  }

  @Test
  void largeObject_isReadInRangedParts_atTheirOffsets() throws Exception {
    byte[] data = put("big.bin", 5 * MIB + 123, 1);
    List<long[]> ranges = new CopyOnWriteArrayList<>();
    ObjectStore recording = readingRanges((ref, offset, length, etag) -> {
      ranges.add(new long[] {offset, length});
      assertThat(etag).as("every part pinned to the ETag").isNotEmpty();
      return store.readRange(ref, offset, length, etag);
    });
    Path target = tmp.resolve("big.bin");
    Run run = runAlone(TransferEngine.builder(recording).concurrency(4).parts(MIB, 2 * MIB),
        download("big.bin", target, true));
    assertThat(run.summary().failures()).isEmpty();
    assertThat(run.handle().result().get()).isInstanceOf(TransferResult.Completed.class);
    assertThat(run.handle().bytesTransferred()).isEqualTo(data.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(ranges).hasSize(6);
    assertThat(ranges.stream().mapToLong(r -> r[1]).sum()).isEqualTo(data.length);
  }

  @Test
  void smallObject_isOneRequest() throws Exception {
    byte[] data = put("small.bin", 1000, 2);
    AtomicInteger reads = new AtomicInteger();
    ObjectStore counting = readingRanges((ref, offset, length, etag) -> {
      reads.incrementAndGet();
      return store.readRange(ref, offset, length, etag);
    });
    Path target = tmp.resolve("small.bin");
    assertThat(runAlone(TransferEngine.builder(counting), download("small.bin", target, true)).summary().failures())
        .isEmpty();
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(reads).hasValue(1);
  }

  @Test
  void brokenBody_resumesFromTheLastByteReceived_neverFromZero() throws Exception {
    byte[] data = put("resume.bin", 3 * MIB, 3);
    List<Long> offsets = new CopyOnWriteArrayList<>();
    AtomicInteger breaks = new AtomicInteger();
    ObjectStore breaking = readingRanges((ref, offset, length, etag) -> {
      offsets.add(offset);
      InputStream in = store.readRange(ref, offset, length, etag);
      // the first two bodies break after 700 KB, like a connection reset in the middle of a GET
      return breaks.getAndIncrement() < 2 ? new BreakingStream(in, 700_000) : in;
    });
    Path target = tmp.resolve("resume.bin");
    List<Throwable> heard = new CopyOnWriteArrayList<>();
    Run run = runAlone(TransferEngine.builder(breaking).retryPolicy(FAST)
        .listener(new TransferListener() {
          @Override
          public void retrying(TransferRequest request, int attempt, Throwable failure, Duration delay) {
            heard.add(failure);
          }
        }), download("resume.bin", target, true));
    assertThat(run.summary().failures()).isEmpty();
    assertThat(run.summary().retries()).isEqualTo(2);
    assertThat(run.handle().result().get().retries()).isEqualTo(2);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(offsets).containsExactly(0L, 700_000L, 1_400_000L);
    assertThat(heard).hasSize(2).allMatch(t -> t instanceof SocketException);
  }

  @Test
  void objectReplacedBetweenParts_failsInsteadOfMixingVersions() throws Exception {
    put("changing.bin", 4 * MIB, 4);
    CountDownLatch firstPartRead = new CountDownLatch(1);
    ObjectStore replacing = readingRanges((ref, offset, length, etag) -> {
      if (offset > 0 && firstPartRead.getCount() > 0) {
        put("changing.bin", 4 * MIB, 5); // another writer replaces the object mid-download
        firstPartRead.countDown();
      }
      return store.readRange(ref, offset, length, etag);
    });
    Path target = tmp.resolve("changing.bin");
    Run run = runAlone(TransferEngine.builder(replacing).concurrency(1).parts(MIB, MIB).retryPolicy(FAST),
        download("changing.bin", target, true));
    assertThat(run.summary().failures()).hasSize(1);
    assertThat(failed(run.handle()).cause()).isInstanceOf(ObjectChangedException.class)
        .hasMessageContaining("changed while it was being read");
    assertThat(run.summary().retries()).as("a changed object is not retried").isZero();
    assertThat(target).doesNotExist();
    assertThat(tmp.resolve(".changing.bin.part")).as("no temporary file left").doesNotExist();
  }

  @Test
  void smallReadsOutsideTheEngine_areRetriedToo() {
    byte[] data = put("inputs.pb", 20, 13);
    AtomicInteger calls = new AtomicInteger();
    ObjectStore cut = new ForwardingStore(store) {
      @Override
      public byte[] readAllBytes(DataReference ref) {
        if (calls.incrementAndGet() <= 2) {
          throw new StorageException("read", ref, new java.io.UncheckedIOException(
              new java.io.EOFException("Premature end of Content-Length delimited message body (expected: 20; received: 14)")));
        }
        return super.readAllBytes(ref);
      }
    };
    assertThat(Retrying.readAllBytes(cut, ref("inputs.pb"))).isEqualTo(data);
    assertThat(calls).hasValue(3);
  }

  @Test
  void missingObject_failsAtOnceWithoutRetries() throws Exception {
    Path target = tmp.resolve("missing");
    Run run = runAlone(TransferEngine.builder(store).retryPolicy(FAST), download("no/such/key", target, true));
    assertThat(failed(run.handle()).cause()).isInstanceOf(ObjectNotFoundException.class);
    assertThat(run.summary().retries()).isZero();
    assertThat(target).doesNotExist();
  }

  @Test
  void transientFailures_areRetriedUntilTheyStop_permanentOnesAreNot() throws Exception {
    byte[] data = put("flaky.bin", 1000, 6);
    AtomicInteger calls = new AtomicInteger();
    ObjectStore flaky = readingRanges((ref, offset, length, etag) -> {
      if (calls.incrementAndGet() <= 3) {
        throw new TransientStorageException("read range", ref, "503 SlowDown", null);
      }
      return store.readRange(ref, offset, length, etag);
    });
    Path target = tmp.resolve("flaky.bin");
    assertThat(runAlone(TransferEngine.builder(flaky).retryPolicy(FAST), download("flaky.bin", target, true))
        .summary().retries()).isEqualTo(3);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);

    AtomicInteger denied = new AtomicInteger();
    ObjectStore forbidden = readingRanges((ref, offset, length, etag) -> {
      denied.incrementAndGet();
      throw new StorageException("read range", ref, "403 AccessDenied");
    });
    Run denial = runAlone(TransferEngine.builder(forbidden).retryPolicy(FAST),
        download("flaky.bin", tmp.resolve("denied"), true));
    assertThat(denial.summary().failures()).hasSize(1);
    assertThat(failed(denial.handle()).cause()).hasMessageContaining("403 AccessDenied");
    assertThat(denied).hasValue(1);
  }

  @Test
  void retriesGiveUpAfterMaxAttempts() throws Exception {
    put("down.bin", 10, 7);
    ObjectStore down = readingRanges((ref, offset, length, etag) -> {
      throw new TransientStorageException("read range", ref, "500 InternalError", null);
    });
    Run run = runAlone(TransferEngine.builder(down)
        .retryPolicy(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(2))),
        download("down.bin", tmp.resolve("down"), true));
    assertThat(run.summary().retries()).isEqualTo(3);
    assertThat(failed(run.handle()).cause()).hasMessageContaining("500 InternalError");
  }

  @Test
  void deadline_cancelsWhatIsStillMoving_andNamesIt() throws Exception {
    put("stuck.bin", 10, 8);
    CountDownLatch never = new CountDownLatch(1);
    ObjectStore stuck = readingRanges((ref, offset, length, etag) ->
        new FilterInputStream(store.readRange(ref, offset, length, etag)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            try {
              never.await(); // a store that stopped answering in the middle of a body
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException("interrupted");
            }
            return -1;
          }
        });
    Path target = tmp.resolve("stuck");
    long start = System.nanoTime();
    try (TransferEngine engine = TransferEngine.builder(stuck).deadline(Deadline.after(Duration.ofMillis(500))).build()) {
      TransferHandle h = engine.submit(download("stuck.bin", target, true));
      assertThatThrownBy(engine::awaitAll).isInstanceOf(TransferTimeoutException.class)
          .hasMessage("did not finish within 500ms; still transferring s3://engine/stuck.bin");
      assertThat(failed(h).cancelled()).isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(target).doesNotExist();
    assertThat(tmp.resolve(".stuck.part")).doesNotExist();
  }

  @Test
  void abandon_removesTheTemporaryFilesOfRunningDownloadsAtOnce() throws Exception {
    put("held.bin", 1000, 11);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ObjectStore held = readingRanges((ref, offset, length, etag) -> {
      reading.countDown();
      try {
        never.await(); // the JVM is told to stop (SIGTERM) while the body is being read
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new StorageException("read range", ref, "interrupted");
    });
    Path target = tmp.resolve("held");
    TransferEngine engine = TransferEngine.builder(held).build();
    engine.submit(download("held.bin", target, true));
    assertThat(reading.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(tmp.resolve(".held.part")).exists();
    engine.abandon();
    assertThat(tmp.resolve(".held.part")).doesNotExist();
    engine.close();
    assertThat(target).doesNotExist();
  }

  @Test
  void firstFailure_cancelsQueuedTransfers_andFailingListenersBreakNothing() throws Exception {
    for (int i = 0; i < 20; i++) {
      put("many/" + i, 100, i);
    }
    Path dir = Files.createDirectories(tmp.resolve("many"));
    AtomicInteger started = new AtomicInteger();
    ObjectStore failingThird = readingRanges((ref, offset, length, etag) -> {
      if (started.incrementAndGet() == 3) {
        throw new StorageException("read range", ref, "403 AccessDenied");
      }
      return store.readRange(ref, offset, length, etag);
    });
    TransferListener throwing = new TransferListener() {
      @Override
      public void completed(TransferResult.Completed result) {
        throw new IllegalStateException("a broken listener");
      }
    };
    List<TransferHandle> handles = new ArrayList<>();
    try (TransferEngine engine = TransferEngine.builder(failingThird).concurrency(1).listener(throwing).build()) {
      for (int i = 0; i < 20; i++) {
        handles.add(engine.submit(download("many/" + i, dir.resolve("f" + i), true)));
      }
      TransferEngine.Summary s = engine.awaitAll();
      assertThat(s.firstFailure()).get().extracting(f -> f.cause().getMessage()).asString().contains("403");
      assertThat(s.completed()).isEqualTo(2);
    }
    assertThat(started.get()).as("nothing started after the failure").isEqualTo(3);
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted()).containsExactly("f0", "f1");
    assertThat(handles).allMatch(h -> h.result().isDone());
  }

  @Test
  void uploads_areRetriedFromTheStartOfTheSource() throws Exception {
    byte[] data = new byte[300_000];
    new Random(9).nextBytes(data);
    Path file = Files.write(tmp.resolve("up.bin"), data);
    AtomicInteger attempts = new AtomicInteger();
    ObjectStore resetting = new ForwardingStore(store) {
      @Override
      public void write(DataReference ref, InputStream in, long size) {
        if (attempts.incrementAndGet() == 1) {
          try {
            in.readNBytes(100_000); // half sent, then the connection breaks
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          throw new TransientStorageException("write", ref, "I/O error: Connection reset", new SocketException());
        }
        super.write(ref, in, size);
      }
    };
    Run run = runAlone(TransferEngine.builder(resetting).retryPolicy(FAST), new TransferRequest.Upload(ref("up.bin"),
        () -> Files.newByteChannel(file), data.length, "up"));
    assertThat(run.summary().failures()).isEmpty();
    assertThat(run.summary().retries()).isEqualTo(1);
    assertThat(run.handle().bytesTransferred()).as("the failed attempt's bytes are taken back").isEqualTo(data.length);
    assertThat(sha(store.readAllBytes(ref("up.bin")))).isEqualTo(sha(data));
  }

  /** A ranged read that a test puts in place of the store's own. */
  private interface RangeRead {
    InputStream readRange(DataReference ref, long offset, long length, String etag);
  }

  /** The S3 store with every ranged read going through {@code read}, which may still ask the store itself. */
  private static ObjectStore readingRanges(RangeRead read) {
    return new ForwardingStore(store) {
      @Override
      public InputStream readRange(DataReference ref, long offset, long length, String etag) {
        return read.readRange(ref, offset, length, etag);
      }
    };
  }

  /** One transfer run alone on an engine: its handle, and the engine's summary once it ended. */
  private record Run(TransferHandle handle, TransferEngine.Summary summary) {}

  /** Runs {@code request} alone, to its end, on the engine {@code engine} builds; closes that engine. */
  private static Run runAlone(TransferEngine.Builder engine, TransferRequest request) throws Exception {
    try (TransferEngine e = engine.build()) {
      TransferHandle h = e.submit(request);
      return new Run(h, e.awaitAll());
    }
  }

  /** The result of {@code h}, which must have failed. */
  private static TransferResult.Failed failed(TransferHandle h) throws Exception {
    return (TransferResult.Failed) h.result().get();
  }

  private static S3Store partedStore() {
    return new S3Store(store.config().withMultipart(
        new org.flyte.copilot.core.storage.s3.S3StoreConfig.Multipart(5 * MIB, 5 * MIB, 4)));
  }

  /** Wraps each multipart upload so a test can fail or watch its parts. */
  private static ObjectStore withParts(ObjectStore s, java.util.function.BiConsumer<Integer, Integer> beforePart,
      List<String> calls) {
    return withParts(s, beforePart, () -> {}, calls);
  }

  /** Also runs {@code afterComplete} once the store has completed the upload. */
  private static ObjectStore withParts(ObjectStore s, java.util.function.BiConsumer<Integer, Integer> beforePart,
      Runnable afterComplete, List<String> calls) {
    return new ForwardingStore(s) {
      @Override
      public java.util.Optional<org.flyte.copilot.core.storage.MultipartUpload> startMultipart(DataReference ref,
          long size) {
        return super.startMultipart(ref, size).map(mp -> new org.flyte.copilot.core.storage.MultipartUpload() {
          private final AtomicInteger attempts = new AtomicInteger();

          @Override
          public long partSize() {
            return mp.partSize();
          }

          @Override
          public int partCount() {
            return mp.partCount();
          }

          @Override
          public void uploadPart(int number, PartBody body) {
            calls.add("part " + number + " on " + Thread.currentThread().getName());
            beforePart.accept(number, attempts.incrementAndGet());
            mp.uploadPart(number, body);
          }

          @Override
          public void complete() {
            calls.add("complete");
            mp.complete();
            afterComplete.run();
          }

          @Override
          public void abort() {
            calls.add("abort");
            mp.abort();
          }
        });
      }
    };
  }

  @Test
  void largeUpload_partsRunOnTheEngineWorkers_aFailedPartAloneIsRetried() throws Exception {
    byte[] data = new byte[12 * MIB + 7];
    new Random(12).nextBytes(data);
    Path file = Files.write(tmp.resolve("parted.bin"), data);
    List<String> calls = new CopyOnWriteArrayList<>();
    AtomicInteger failedOnce = new AtomicInteger();
    ObjectStore s = withParts(partedStore(), (number, attempt) -> {
      if (number == 2 && failedOnce.getAndIncrement() == 0) {
        throw new TransientStorageException("write (part 2 of 3)", ref("parted.bin"), "503 SlowDown", null);
      }
    }, calls);
    Run run = runAlone(TransferEngine.builder(s).concurrency(3).retryPolicy(FAST),
        new TransferRequest.Upload(ref("parted.bin"), () -> Files.newByteChannel(file), data.length, "parted"));
    assertThat(run.summary().failures()).isEmpty();
    assertThat(run.summary().retries()).isEqualTo(1);
    assertThat(run.handle().bytesTransferred()).as("bytes of the failed attempt taken back").isEqualTo(data.length);
    assertThat(sha(store.readAllBytes(ref("parted.bin")))).isEqualTo(sha(data));
    assertThat(calls.stream().filter(c -> c.startsWith("part 2"))).hasSize(2);
    assertThat(calls.stream().filter(c -> c.startsWith("part 1") || c.startsWith("part 3"))).hasSize(2);
    assertThat(calls).allMatch(c -> !c.startsWith("part") || c.contains("copilot-transfer-"));
    assertThat(calls).endsWith("complete").doesNotContain("abort");
  }

  @Test
  void largeUpload_aPartThatKeepsFailing_abortsTheUpload_andNoObjectIsLeft() throws Exception {
    byte[] data = new byte[11 * MIB];
    Path file = Files.write(tmp.resolve("denied.bin"), data);
    List<String> calls = new CopyOnWriteArrayList<>();
    ObjectStore s = withParts(partedStore(), (number, attempt) -> {
      if (number == 3) {
        throw new StorageException("write (part 3 of 3)", ref("denied-parts.bin"), "403 AccessDenied");
      }
    }, calls);
    Run run = runAlone(TransferEngine.builder(s).concurrency(2).retryPolicy(FAST),
        new TransferRequest.Upload(ref("denied-parts.bin"), () -> Files.newByteChannel(file), data.length, "denied"));
    assertThat(failed(run.handle()).cause()).hasMessageContaining("403 AccessDenied");
    assertThat(calls).contains("abort").doesNotContain("complete");
    assertThat(store.head(ref("denied-parts.bin"))).isEmpty();
    assertThat(s3.client().listMultipartUploads(l -> l.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void largeUpload_whoseCompleteAnswerWasLost_isCompletedOnce_andSucceeds() throws Exception {
    byte[] data = new byte[11 * MIB];
    new Random(14).nextBytes(data);
    Path file = Files.write(tmp.resolve("lost.bin"), data);
    AtomicInteger completes = new AtomicInteger();
    ObjectStore s = withParts(partedStore(), (number, attempt) -> {}, () -> {
      if (completes.incrementAndGet() == 1) {
        // S3 completed the object, but the answer never reached copilot
        throw new TransientStorageException("write", ref("lost.bin"), "I/O error: Connection reset",
            new SocketException());
      }
    }, new CopyOnWriteArrayList<>());
    Run run = runAlone(TransferEngine.builder(s).retryPolicy(FAST),
        new TransferRequest.Upload(ref("lost.bin"), () -> Files.newByteChannel(file), data.length, "lost"));
    assertThat(run.summary().failures()).as("the retried complete finds the upload done and checks its size").isEmpty();
    assertThat(run.handle().result().get()).isInstanceOf(TransferResult.Completed.class);
    assertThat(completes).hasValue(2);
    assertThat(sha(store.readAllBytes(ref("lost.bin")))).isEqualTo(sha(data));
  }

  @Test
  void aStoreThatDownloadsWholeObjects_getsThemWhole_neverInRanges() throws Exception {
    byte[] data = put("whole.bin", 5 * MIB, 15);
    AtomicInteger whole = new AtomicInteger();
    ObjectStore gcsLike = new ForwardingStore(store) {
      @Override
      public boolean downloadsWhole(DataReference ref) {
        return true;
      }

      @Override
      public void readTo(DataReference ref, Path target) {
        whole.incrementAndGet();
        super.readTo(ref, target);
      }

      @Override
      public InputStream readRange(DataReference ref, long offset, long length, String etag) {
        throw new AssertionError("no ranged reads for a store that downloads whole objects");
      }
    };
    Path target = tmp.resolve("whole.bin");
    Run run = runAlone(TransferEngine.builder(gcsLike).parts(MIB, MIB), download("whole.bin", target, true));
    assertThat(run.summary().failures()).isEmpty();
    assertThat(run.handle().bytesTransferred()).isEqualTo(data.length);
    assertThat(whole).hasValue(1);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
  }

  @Test
  void aJobEndingAbnormally_isReportedAsFailed_andReleasesItsPlace() throws Exception {
    put("vm.bin", 100, 16);
    TransferListener fatal = new TransferListener() {
      @Override
      public void completed(TransferResult.Completed result) {
        throw new StackOverflowError("simulated"); // a VirtualMachineError is not swallowed as listener failures are
      }
    };
    Run run = runAlone(TransferEngine.builder(store).concurrency(1).listener(fatal)
        .deadline(Deadline.after(Duration.ofSeconds(30))), download("vm.bin", tmp.resolve("vm"), true));
    assertThat(run.summary().failures()).hasSize(1);
    assertThat(failed(run.handle()).cause()).hasMessageContaining("ended abnormally");
  }

  @Test
  void submit_blocksWhileTheWindowIsFull() throws Exception {
    put("w", 10, 10);
    CountDownLatch release = new CountDownLatch(1);
    ObjectStore held = readingRanges((ref, offset, length, etag) -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return store.readRange(ref, offset, length, etag);
    });
    Path dir = Files.createDirectories(tmp.resolve("w"));
    AtomicInteger submitted = new AtomicInteger();
    try (TransferEngine engine = TransferEngine.builder(held).concurrency(2).build()) {
      Thread feeder = new Thread(() -> {
        try {
          for (int i = 0; i < 10; i++) {
            engine.submit(download("w", dir.resolve("f" + i), true));
            submitted.incrementAndGet();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      feeder.start();
      Thread.sleep(300);
      assertThat(submitted.get()).as("at most 2 × concurrency objects queued or running").isEqualTo(4);
      release.countDown();
      feeder.join(10_000);
      assertThat(engine.awaitAll().completed()).isEqualTo(10);
    }
  }

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** Delivers {@code limit} bytes, then fails as a reset connection does. */
  private static final class BreakingStream extends FilterInputStream {
    private long left;

    BreakingStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        in.close();
        throw new SocketException("Connection reset");
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
