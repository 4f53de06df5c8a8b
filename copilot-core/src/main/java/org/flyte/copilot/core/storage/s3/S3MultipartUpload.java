package org.flyte.copilot.core.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.TransientStorageException;
import org.flyte.copilot.core.transfer.CountingFileInputStream;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object sent as an S3 multipart upload: parts go out through a small fixed pool, each with its
 * checksum (CRC32C or Content-MD5, {@link S3Checksums}) so the server verifies it, the object's size is checked with a HEAD once completed, and
 * any failure or interruption aborts the upload so that no parts are left behind. Retries of a part
 * are the SDK's: every part body can be re-read from its start.
 */
final class S3MultipartUpload {
  static final int MAX_PARTS = 10_000;
  static final long MAX_OBJECT_SIZE = 5L << 40;
  private static final long MIB = 1L << 20;
  /** How long a failed upload waits for its in-flight parts to stop before aborting a second time. */
  private static final long STOP_WAIT_SECONDS = 30;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final S3Client client;
  private final S3StoreConfig config;
  private final String operation;
  private final DataReference ref;
  private final long size;
  private final long partSize;
  private final int partCount;

  private S3MultipartUpload(S3Client client, S3StoreConfig config, String operation, DataReference ref, long size) {
    if (size > MAX_OBJECT_SIZE) {
      throw new StorageException(operation, ref, "the object would have " + size
          + " bytes; S3 objects hold at most 5 TiB");
    }
    this.client = client;
    this.config = config;
    this.operation = operation;
    this.ref = ref;
    this.size = size;
    this.partSize = partSize(size, config.multipart().partSize());
    this.partCount = (int) Math.max(1, ceilDiv(size, partSize));
  }

  /** The configured part size, raised (to whole MiB) when the object would need more than 10,000 parts. */
  static long partSize(long size, long configured) {
    long needed = ceilDiv(ceilDiv(size, MAX_PARTS), MIB) * MIB;
    return Math.max(configured, needed);
  }

  /**
   * How many parts of an object of {@code size} bytes can be buffered at once: at most the configured
   * concurrency, within a quarter of the maximum heap; 0 when not even one part fits.
   */
  static int bufferedParts(S3StoreConfig config, long size) {
    long part = partSize(size, config.multipart().partSize());
    long budget = Runtime.getRuntime().maxMemory() / 4;
    if (part > budget || part > Integer.MAX_VALUE - 16) {
      return 0;
    }
    return (int) Math.min(config.multipart().concurrency(), budget / part);
  }

  /**
   * Uploads {@code size} bytes of {@code file} from {@code offset}; each part is read straight from
   * the file (twice: once for its MD5, once to send it), so no part is held in memory. When {@code
   * counted} the bytes sent are reported to the file's counter, from the pool's threads.
   */
  static void fromFile(S3Client client, S3StoreConfig config, String operation, DataReference ref,
      CountingFileInputStream file, long offset, long size, boolean counted) {
    if (!file.supportsRanges()) {
      throw new IllegalArgumentException("the file stream cannot be read in ranges; upload it with fromStream");
    }
    S3MultipartUpload u = new S3MultipartUpload(client, config, operation, ref, size);
    u.run(config.multipart().concurrency(), (partOffset, length) -> new FilePart(file, offset + partOffset, length, counted));
  }

  /**
   * Uploads the next {@code size} bytes of {@code in}, which is read on the calling thread one part
   * at a time into at most {@code bufferedParts} buffers of the part size (see {@link #bufferedParts}).
   */
  static void fromStream(S3Client client, S3StoreConfig config, String operation, DataReference ref,
      InputStream in, long size, int bufferedParts) {
    S3MultipartUpload u = new S3MultipartUpload(client, config, operation, ref, size);
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(bufferedParts);
    long[] read = {0};
    u.run(bufferedParts, (partOffset, length) -> {
      byte[] buf = free.poll();
      if (buf == null) {
        buf = new byte[(int) u.partSize];
      }
      int n = in.readNBytes(buf, 0, (int) length);
      read[0] += n;
      if (n < length) {
        free.offer(buf);
        throw new EOFException("the stream ended after " + read[0] + " of " + size + " bytes");
      }
      return new BufferPart(buf, (int) length, free);
    });
  }

  /** The bytes of one part; {@link #md5} and {@link #body} run on a pool thread. */
  private interface Part {
    /** The part's checksum in {@code kind}, base64; null for none. */
    String checksum(S3Checksums kind) throws IOException;

    ContentStreamProvider body();

    default void release() {}
  }

  /** Reads part {@code offset}/{@code length} of the object; called in order on the uploading thread. */
  @FunctionalInterface
  private interface PartSource {
    Part next(long offset, long length) throws IOException;
  }

  private void run(int threads, PartSource source) {
    String uploadId;
    try {
      uploadId = client.createMultipartUpload(c -> {
        c.bucket(ref.container()).key(ref.key());
        if (config.checksum() == S3Checksums.CRC32C) {
          c.checksumAlgorithm(ChecksumAlgorithm.CRC32_C);
        }
      }).uploadId();
    } catch (SdkException e) {
      throw S3Errors.translate(operation, ref, e, config);
    }
    int poolSize = Math.min(threads, partCount);
    ExecutorService pool = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "copilot-s3-part-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    // a slot is one part being read, queued or sent: this bounds buffers and in-flight requests
    Semaphore slots = new Semaphore(poolSize);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CompletedPart[] parts = new CompletedPart[partCount];
    try {
      for (int i = 0; i < partCount; i++) {
        slots.acquire();
        if (failure.get() != null) {
          throw failure.get();
        }
        long offset = i * partSize;
        Part part;
        try {
          part = source.next(offset, Math.min(partSize, size - offset));
        } catch (IOException | RuntimeException e) {
          slots.release();
          throw e;
        }
        int number = i + 1;
        pool.execute(() -> {
          try {
            parts[number - 1] = uploadPart(uploadId, number, part);
          } catch (Throwable t) {
            failure.compareAndSet(null, new PartFailure(number, t));
          } finally {
            part.release();
            slots.release();
          }
        });
      }
      for (int k = 0; k < poolSize; k++) { // every part has finished, or one failed
        slots.acquire();
        if (failure.get() != null) {
          throw failure.get();
        }
      }
      client.completeMultipartUpload(c -> c.bucket(ref.container()).key(ref.key()).uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts)));
    } catch (Throwable t) {
      throw abort(uploadId, pool, t);
    } finally {
      pool.shutdownNow();
    }
    verifySize();
  }

  private CompletedPart uploadPart(String uploadId, int number, Part part) throws IOException {
    long length = Math.min(partSize, size - (number - 1) * partSize);
    String sum = part.checksum(config.checksum());
    UploadPartRequest.Builder req = UploadPartRequest.builder()
        .bucket(ref.container()).key(ref.key()).uploadId(uploadId).partNumber(number)
        .contentLength(length);
    if (sum != null) {
      if (config.checksum() == S3Checksums.MD5) {
        req.contentMD5(sum);
      } else {
        req.checksumCRC32C(sum);
      }
    }
    UploadPartResponse r = client.uploadPart(req.build(),
        RequestBody.fromContentProvider(part.body(), length, "application/octet-stream"));
    CompletedPart.Builder done = CompletedPart.builder().partNumber(number).eTag(r.eTag());
    if (sum != null && config.checksum() == S3Checksums.CRC32C) {
      done.checksumCRC32C(sum);
    }
    return done.build();
  }

  private void verifySize() {
    verifySize(client, config, operation, ref, size);
  }

  /** A multipart object whose size is not the one sent is deleted: a reader must never get it. */
  static void verifySize(S3Client client, S3StoreConfig config, String operation, DataReference ref, long size) {
    HeadObjectResponse head;
    try {
      head = client.headObject(h -> h.bucket(ref.container()).key(ref.key()));
    } catch (SdkException e) {
      throw S3Errors.translate(operation + " (checking the uploaded size)", ref, e, config);
    }
    if (head.contentLength() == null || head.contentLength() != size) {
      try {
        client.deleteObject(d -> d.bucket(ref.container()).key(ref.key()));
      } catch (SdkException ignored) {
        // reported below either way
      }
      throw new StorageException(operation, ref, "the completed multipart object has " + head.contentLength()
          + " bytes instead of " + size + "; it was deleted");
    }
  }

  /**
   * Aborts the upload at once (a part blocked in socket I/O ignores the interrupt, and the process
   * may be about to exit), then waits for the parts still running to stop and, if some were, aborts
   * again: S3 may keep a part that was in flight during the first abort. Describes {@code cause}.
   */
  private RuntimeException abort(String uploadId, ExecutorService pool, Throwable cause) {
    boolean interrupted = Thread.interrupted() || cause instanceof InterruptedException
        || cause instanceof InterruptedIOException;
    pool.shutdownNow();
    SdkException first = sendAbort(uploadId);
    boolean partsRunning = !pool.isTerminated();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
    while (!pool.isTerminated() && System.nanoTime() < deadline) {
      try {
        pool.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    SdkException second = null;
    if (first != null || partsRunning) {
      second = sendAbort(uploadId);
      if (second != null && noSuchUpload(second)) {
        second = null; // already gone: an earlier abort went through
      }
    }
    String outcome;
    if (first == null || second == null) {
      outcome = "; the multipart upload was aborted";
      if (second != null) {
        outcome += " (aborting it again after the parts in flight stopped failed: "
            + reason(S3Errors.translate("abort", ref, second, config)) + "; a part that was in flight may stay"
            + " in the bucket until a lifecycle rule removes it, upload id " + uploadId + ")";
      }
    } else {
      outcome = "; aborting the multipart upload failed too (" + reason(S3Errors.translate("abort", ref, second, config))
          + "), its parts stay in the bucket until a lifecycle rule removes them (upload id " + uploadId + ")";
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return withSuffix(describe(cause), outcome);
  }

  /** Sends AbortMultipartUpload; null when it succeeded, else why not. */
  private SdkException sendAbort(String uploadId) {
    try {
      client.abortMultipartUpload(a -> a.bucket(ref.container()).key(ref.key()).uploadId(uploadId));
      return null;
    } catch (SdkException e) {
      return e;
    }
  }

  private static boolean noSuchUpload(SdkException e) {
    return e instanceof AwsServiceException ase && (ase.statusCode() == 404 || (ase.awsErrorDetails() != null
        && "NoSuchUpload".equals(ase.awsErrorDetails().errorCode())));
  }

  private StorageException describe(Throwable cause) {
    if (cause instanceof PartFailure pf) {
      String op = operation + " (part " + pf.number + " of " + partCount + ")";
      Throwable t = pf.getCause();
      if (t instanceof SdkException e) {
        return S3Errors.translate(op, ref, e, config);
      }
      if (t instanceof StorageException e) {
        return e;
      }
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return new StorageException(op, ref, "cannot read the part: " + message(t instanceof UncheckedIOException
            && t.getCause() != null ? t.getCause() : t));
      }
      return new StorageException(op, ref, t);
    }
    if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
      return new StorageException(operation, ref, "interrupted");
    }
    if (cause instanceof SdkException e) {
      return S3Errors.translate(operation, ref, e, config);
    }
    if (cause instanceof StorageException e) {
      return e;
    }
    if (cause instanceof IOException e) {
      return new StorageException(operation, ref, "cannot read the source: " + message(e));
    }
    return new StorageException(operation, ref, cause);
  }

  private static StorageException withSuffix(StorageException e, String suffix) {
    StorageException r = e.isTransient()
        ? new TransientStorageException(e.operation(), e.reference(), reason(e) + suffix, e.getCause())
        : new StorageException(e.operation(), e.reference(), reason(e) + suffix);
    if (!e.isTransient() && e.getCause() != null) {
      r.initCause(e.getCause());
    }
    return r;
  }

  private static String reason(StorageException e) {
    String prefix = e.operation() + " " + e.reference() + ": ";
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** A part failure and its number, carried from the pool to the uploading thread. */
  private static final class PartFailure extends Exception {
    final int number;

    PartFailure(int number, Throwable cause) {
      super(cause);
      this.number = number;
    }
  }

  private record FilePart(CountingFileInputStream file, long offset, long length, boolean counted)
      implements Part {
    @Override
    public String checksum(S3Checksums kind) throws IOException {
      try (InputStream in = new Interruptible(file.range(offset, length, false))) {
        return kind.of(in, length);
      } catch (S3Checksums.ShortSource e) {
        throw new EOFException("the file ended at byte " + (offset + e.read) + " (it shrank while being uploaded)");
      }
    }

    @Override
    public ContentStreamProvider body() {
      InputStream range = file.range(offset, length, counted);
      return () -> {
        try {
          range.reset(); // an SDK retry re-reads the part from its start; the counter takes the bytes back
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return new Interruptible(range);
      };
    }
  }

  private record BufferPart(byte[] buf, int length, BlockingQueue<byte[]> free) implements Part {
    @Override
    public String checksum(S3Checksums kind) throws IOException {
      return kind.of(new ByteArrayInputStream(buf, 0, length), length);
    }

    @Override
    public ContentStreamProvider body() {
      return () -> new Interruptible(new ByteArrayInputStream(buf, 0, length));
    }

    @Override
    public void release() {
      free.offer(buf);
    }
  }

  /** Stops a part body as soon as its thread is interrupted, so that an abort does not wait for it. */
  private static final class Interruptible extends FilterInputStream {
    Interruptible(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      check();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      return super.read(b, off, len);
    }

    private static void check() throws InterruptedIOException {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("the part upload was cancelled");
      }
    }
  }
}
