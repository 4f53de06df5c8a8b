package org.flyte.copilot.upload;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.errordoc.Messages;
import org.flyte.copilot.core.transfer.CountingFileInputStream;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.upload.UploadPlan.FileUpload;

/**
 * Uploads a list of files with a fixed number of worker threads that take the next file from a
 * shared cursor (never one thread or future per file). The first failure stops new uploads; every
 * failure is reported with its output, local path and reference. An interrupt of the caller
 * interrupts the workers. Bytes are counted as the store reads them, and a transfer that lasts
 * longer than the progress interval reports its progress through {@link UploadListener#info} (D15).
 */
final class TransferRunner {
  private static final int MAX_LISTED_FAILURES = 5;

  /** What a run uploaded: files, and bytes read by the store for them. */
  record Transferred(int files, long bytes) {}

  private final ObjectStore store;
  private final int concurrency;
  private final UploadCache cache;
  private final UploadListener listener;
  private final Duration progressInterval;

  TransferRunner(ObjectStore store, int concurrency, UploadCache cache, UploadListener listener,
      Duration progressInterval) {
    this.store = store;
    this.concurrency = concurrency;
    this.cache = cache;
    this.listener = listener;
    this.progressInterval = progressInterval;
  }

  /** Uploads every file not already in the cache. */
  Transferred run(List<FileUpload> uploads) throws InterruptedException {
    if (uploads.isEmpty()) {
      return new Transferred(0, 0);
    }
    AtomicInteger inFlight = new AtomicInteger();
    try (TransferProgress progress = TransferProgress.builder()
        .interval(progressInterval)
        .inFlightFiles(inFlight::get)
        .start(s -> listener.info(s.describe("upload")))) {
      long[] sizes = new long[uploads.size()];
      for (int i = 0; i < sizes.length; i++) {
        sizes[i] = sizeOf(uploads.get(i));
        progress.planned(sizes[i]);
      }
      int uploaded = runAll(uploads, sizes, progress, inFlight);
      return new Transferred(uploaded, progress.bytes());
    }
  }

  private int runAll(List<FileUpload> uploads, long[] sizes, TransferProgress progress, AtomicInteger inFlight)
      throws InterruptedException {
    AtomicInteger cursor = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Runnable work = () -> {
      int i;
      while (!stop.get() && !Thread.currentThread().isInterrupted() && (i = cursor.getAndIncrement()) < uploads.size()) {
        FileUpload u = uploads.get(i);
        try {
          if (uploadOne(u, sizes[i], progress, inFlight)) {
            done.incrementAndGet();
          }
        } catch (RuntimeException e) {
          stop.set(true);
          failures.add("output \"" + u.variable() + "\": " + u.path() + " to " + u.reference() + ": " + Messages.of(e));
        }
      }
    };
    int threads = Math.min(concurrency, uploads.size());
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(work, "copilot-upload-" + t);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
    try {
      for (Thread w : workers) {
        w.join();
      }
    } catch (InterruptedException e) {
      stop.set(true);
      workers.forEach(Thread::interrupt);
      throw e;
    }
    if (!failures.isEmpty()) {
      List<String> listed = failures.subList(0, Math.min(MAX_LISTED_FAILURES, failures.size()));
      String more = failures.size() > listed.size() ? "; and " + (failures.size() - listed.size()) + " more" : "";
      throw new UploadException("failed to upload " + failures.size() + " of " + uploads.size() + " files: "
          + String.join("; ", listed) + more);
    }
    return done.get();
  }

  private static long sizeOf(FileUpload u) {
    try {
      return u.volume().attributes(u.real()).size();
    } catch (IOException e) {
      return -1; // reported when the upload opens it
    }
  }

  /** Uploads one file unless the cache says the reference already holds it; true if uploaded. */
  private boolean uploadOne(FileUpload u, long plannedSize, TransferProgress progress, AtomicInteger inFlight) {
    Optional<UploadCache.Fingerprint> before = UploadCache.Fingerprint.of(u.volume(), u.real());
    if (before.isPresent() && cache.holds(u.reference(), before.get())) {
      progress.unplanned(plannedSize);
      return false;
    }
    DataReference ref = DataReference.parse(u.reference());
    inFlight.incrementAndGet();
    // the file is opened once, without following symlinks, and the store reads that open file through
    // the counting stream, so progress follows the bytes it sends
    try (CountingFileInputStream in = CountingFileInputStream.of(u.volume().openRegular(u.real()), progress::add)) {
      store.write(ref, in, in.size());
    } catch (IOException e) {
      throw new UploadException("cannot read the file: " + VolumeFiles.describe(e), e);
    } finally {
      inFlight.decrementAndGet();
    }
    progress.fileDone();
    before.ifPresent(fp -> {
      if (fp.equals(UploadCache.Fingerprint.of(u.volume(), u.real()).orElse(null))) {
        cache.record(u.reference(), fp);
      } else {
        cache.forget(u.reference());
      }
    });
    listener.uploaded(u.variable(), u.path().toString(), u.reference(), before.map(UploadCache.Fingerprint::size).orElse(-1L));
    return true;
  }

}
