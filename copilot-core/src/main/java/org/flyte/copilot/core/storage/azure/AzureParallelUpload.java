package org.flyte.copilot.core.storage.azure;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flyte.copilot.core.storage.BoundedInputStream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.transfer.CountingFileInputStream;
import org.flyte.copilot.core.transfer.Deadline;
import org.flyte.copilot.core.transfer.RetryPolicy;

/**
 * A whole block upload made by the store itself (a write outside the transfer engine): the blocks of
 * a file are read as ranges and sent {@code upload_concurrency} at a time, each retried alone; any
 * other stream is sent block after block as it is read. Completes, or fails leaving nothing at the
 * reference.
 */
final class AzureParallelUpload {
  private final AzureBlockUpload upload;
  private final int concurrency;
  private final String op;
  private final DataReference ref;

  AzureParallelUpload(AzureBlockUpload upload, int concurrency, String op, DataReference ref) {
    this.upload = upload;
    this.concurrency = concurrency;
    this.op = op;
    this.ref = ref;
  }

  void run(InputStream in) {
    try {
      if (in instanceof CountingFileInputStream file && file.supportsRanges()) {
        sendRanges(file);
      } else {
        sendSequentially(in);
      }
      RetryPolicy.DEFAULT.call(Deadline.none(), () -> {
        upload.complete();
        return null;
      }, (attempt, failure, delay) -> { });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(op, ref, "interrupted");
    } finally {
      upload.abort();
    }
  }

  private void sendRanges(CountingFileInputStream file) throws InterruptedException {
    long base;
    try {
      base = file.position();
    } catch (IOException e) {
      throw ObjectStore.wrap(op, ref, e);
    }
    int threads = Math.min(concurrency, upload.partCount());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "azure-block");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int n = 1; n <= upload.partCount(); n++) {
        int number = n;
        long offset = base + (number - 1) * upload.partSize();
        long length = upload.blockLength(number);
        sent.add(pool.submit(() -> RetryPolicy.DEFAULT.call(Deadline.none(), () -> {
          upload.uploadPart(number, () -> file.range(offset, length, true));
          return null;
        }, (attempt, failure, delay) -> { })));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new StorageException(op, ref, e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void sendSequentially(InputStream in) {
    InputStream shared = new FilterInputStream(in) {
      @Override
      public void close() {
        // each block reads on from where the last one stopped; the caller closes the stream
      }
    };
    for (int n = 1; n <= upload.partCount(); n++) {
      upload.uploadBlockOnce(n, new BoundedInputStream(shared, 0, upload.partSize()));
    }
  }
}
