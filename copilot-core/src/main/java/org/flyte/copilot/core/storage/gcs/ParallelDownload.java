package org.flyte.copilot.core.storage.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.StorageException;

/**
 * Downloads one large object as ranged reads of one generation, written in place into the target
 * file by a few workers; the parts' CRC32Cs are combined and checked against the object's.
 */
final class ParallelDownload {
  private final GcsStore store;
  private final DataReference ref;
  private final Path target;
  private final long size;
  private final Long generation;
  private final Integer expectedCrc;
  private final long partSize;
  private final int parts;
  private final int[] partCrcs;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final String op;

  ParallelDownload(GcsStore store, DataReference ref, Path target, long size, Long generation, Integer expectedCrc) {
    this.store = store;
    this.ref = ref;
    this.target = target;
    this.size = size;
    this.generation = generation;
    this.expectedCrc = expectedCrc;
    this.partSize = store.config().downloadPartSize();
    this.parts = (int) Math.min(Integer.MAX_VALUE, (size + partSize - 1) / partSize);
    this.partCrcs = new int[parts];
    this.op = "download to " + target;
  }

  void run(ExecutorService pool) {
    int workers = Math.min(store.config().downloadConcurrency(), parts);
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      List<Future<?>> futures = new ArrayList<>(workers);
      for (int i = 0; i < workers; i++) {
        futures.add(pool.submit(() -> work(out)));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failure.compareAndSet(null, e.getCause());
        } catch (InterruptedException e) {
          futures.forEach(x -> x.cancel(true));
          Thread.currentThread().interrupt();
          failure.compareAndSet(null, e);
          break;
        }
      }
      if (failure.get() == null) {
        verify(out.size());
      }
    } catch (IOException e) {
      failure.compareAndSet(null, e);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
    Throwable t = failure.get();
    if (t != null) {
      GcsStore.deleteQuietly(target);
      if (t instanceof InterruptedException) {
        throw new StorageException(op, ref, "interrupted");
      }
      throw GcsFailures.translate(op, ref, t, store.config());
    }
  }

  private void work(FileChannel out) {
    byte[] buf = new byte[256 * 1024];
    for (int p; failure.get() == null && (p = next.getAndIncrement()) < parts; ) {
      long offset = p * partSize;
      long length = Math.min(partSize, size - offset);
      CRC32C crc = new CRC32C();
      long position = offset;
      try (InputStream in = store.open(op, ref, generation, offset, length)) {
        long left = length;
        while (left > 0 && failure.get() == null) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            throw new StorageException(op, ref, "range " + offset + "+" + length + " ended after "
                + (length - left) + " bytes");
          }
          crc.update(buf, 0, n);
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
          while (bb.hasRemaining()) {
            position += out.write(bb, position);
          }
          left -= n;
        }
      } catch (IOException | RuntimeException e) {
        failure.compareAndSet(null, e);
        return;
      }
      partCrcs[p] = (int) crc.getValue();
    }
  }

  private void verify(long written) {
    if (written != size) {
      throw new StorageException(op, ref, "object is " + size + " bytes but " + written + " were written");
    }
    if (expectedCrc == null) {
      return;
    }
    int crc = partCrcs[0];
    for (int p = 1; p < parts; p++) {
      long length = Math.min(partSize, size - p * partSize);
      crc = Crc32cs.combine(crc, partCrcs[p], length);
    }
    if (crc != expectedCrc) {
      throw new StorageException(op, ref, "CRC32C mismatch: GCS has " + Crc32cs.toBase64(expectedCrc)
          + ", received bytes hash to " + Crc32cs.toBase64(crc));
    }
  }
}
