package org.flyte.copilot.upload.transfer;

import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.VolumeFiles;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.status.VariableOrigin;
import org.flyte.copilot.core.transfer.Deadline;
import org.flyte.copilot.core.transfer.LocalFileException;
import org.flyte.copilot.core.transfer.TransferEngine;
import org.flyte.copilot.core.transfer.TransferListener;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.core.transfer.TransferRequest;
import org.flyte.copilot.core.transfer.TransferResult;
import org.flyte.copilot.upload.locate.UploadPlan.FileUpload;

/**
 * The files of an upload, fed to the core {@link TransferEngine} (its bounded pool, retries and
 * deadline). A file the cache says is already stored is skipped. Each file is opened without
 * following symlinks, once per attempt, and the store reads that open file, so progress follows the
 * bytes it sends; a transfer that lasts longer than the progress interval is reported through {@link
 * UploadListener#info} (D15). The first failure stops the rest; every failure is reported with its
 * output, local path and reference.
 */
public final class OutputTransfers {
  private static final int MAX_LISTED_FAILURES = 5;

  /** What a run uploaded: files, and bytes read by the store for them. */
  record Transferred(int files, long bytes, int retries, long considered) {
    Transferred(int files, long bytes) {
      this(files, bytes, 0, files);
    }
  }

  private final ObjectStore store;
  private final int concurrency;
  private final UploadCache cache;
  private final UploadListener listener;
  private final Duration progressInterval;
  /** Whether uploaded files are recorded in the cache: only an eager upload has a later run to spare work. */
  private final boolean remember;

  public OutputTransfers(ObjectStore store, int concurrency, UploadCache cache, UploadListener listener,
      Duration progressInterval) {
    this(store, concurrency, cache, listener, progressInterval, true);
  }

  public OutputTransfers(ObjectStore store, int concurrency, UploadCache cache, UploadListener listener,
      Duration progressInterval, boolean remember) {
    this.store = store;
    this.concurrency = concurrency;
    this.cache = cache;
    this.listener = listener;
    this.progressInterval = progressInterval;
    this.remember = remember;
  }

  /** Uploads every file not already in the cache, with no deadline of its own. */
  public Transferred run(UploadPlan plan) throws InterruptedException {
    return run(plan, Deadline.none());
  }

  /** Uploads every file not already in the cache; retries stop at {@code deadline}. */
  public Transferred run(UploadPlan plan, Deadline deadline) throws InterruptedException {
    long total = plan.count();
    if (total == 0) {
      return new Transferred(0, 0);
    }
    AtomicInteger uploaded = new AtomicInteger();
    TransferEngine[] engineRef = new TransferEngine[1];
    try (TransferProgress progress = TransferProgress.builder()
            .interval(progressInterval)
            .inFlightFiles(() -> engineRef[0] == null ? 0 : engineRef[0].inFlight().size())
            .start(s -> listener.info(s.describe("upload")));
        TransferEngine engine = TransferEngine.builder(store).concurrency(concurrency).deadline(deadline)
            .progress(progress).listener(new Recorder(uploaded).andThen(listener.transfers())).build()) {
      engineRef[0] = engine;
      listener.transfersStarted(progress);
      // one file at a time: the engine's window holds the loop back, so nothing is planned per file ahead
      long considered = 0;
      for (FileUpload u : plan.uploads()) {
        considered++;
        Optional<UploadCache.Fingerprint> before = UploadCache.Fingerprint.of(u.volume(), u.real());
        if (before.isPresent() && cache.holds(u.reference(), before.get())) {
          continue;
        }
        long size = before.map(UploadCache.Fingerprint::size).orElse(-1L);
        engine.submit(new TransferRequest.Upload(DataReference.parse(u.reference()), () -> open(u), size,
            new Planned(u, before)));
        if (engine.cancelled()) {
          break;
        }
      }
      TransferEngine.Summary summary = engine.awaitAll();
      List<String> failures = new ArrayList<>();
      for (TransferResult.Failed f : summary.failures()) {
        if (!f.cancelled()) {
          FileUpload u = ((Planned) f.request().context()).upload();
          failures.add("output \"" + u.variable() + "\": " + u.path() + " to " + u.reference() + ": "
              + Messages.of(f.cause()) + (f.retries() > 0 ? " (after " + f.retries() + " retries)" : ""));
        }
      }
      if (!failures.isEmpty()) {
        List<String> listed = failures.subList(0, Math.min(MAX_LISTED_FAILURES, failures.size()));
        String more = failures.size() > listed.size() ? "; and " + (failures.size() - listed.size()) + " more" : "";
        throw UploadException.transfer("failed to upload " + failures.size() + " of " + total + " files: "
            + String.join("; ", listed) + more, null);
      }
      return new Transferred(uploaded.get(), progress.bytes(), summary.retries(), considered);
    }
  }

  private static java.nio.channels.SeekableByteChannel open(FileUpload u) throws LocalFileException {
    try {
      return u.volume().openRegular(u.real());
    } catch (IOException e) {
      throw new LocalFileException("cannot read the file: " + VolumeFiles.describe(e), e);
    }
  }

  /** A file to send and what it looked like before (for the eager-upload cache). */
  private record Planned(FileUpload upload, Optional<UploadCache.Fingerprint> before) implements VariableOrigin {
    @Override
    public String variable() {
      return upload.variable();
    }
  }

  /** Records a finished file in the cache and tells the upload listener. */
  private final class Recorder implements TransferListener {
    private final AtomicInteger uploaded;

    Recorder(AtomicInteger uploaded) {
      this.uploaded = uploaded;
    }

    @Override
    public void completed(TransferResult.Completed result) {
      Planned p = (Planned) result.request().context();
      FileUpload u = p.upload();
      uploaded.incrementAndGet();
      p.before().filter(fp -> remember).ifPresent(fp -> {
        if (fp.equals(UploadCache.Fingerprint.of(u.volume(), u.real()).orElse(null))) {
          cache.record(u.reference(), fp);
        } else {
          cache.forget(u.reference());
        }
      });
      listener.uploaded(u.variable(), u.path().toString(), u.reference(), p.before().map(UploadCache.Fingerprint::size)
          .orElse(-1L));
    }
  }
}
