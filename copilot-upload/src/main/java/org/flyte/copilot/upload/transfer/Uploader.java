package org.flyte.copilot.upload.transfer;

import org.flyte.copilot.upload.read.LiteralReader;
import org.flyte.copilot.upload.OutputsFile;
import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.locate.ErrorFile;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.UploadPlan;

import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.transfer.Deadline;
import org.flyte.copilot.core.transfer.RetryPolicy;
import org.flyte.copilot.core.text.Counts;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.upload.locate.UploadPlan.FileUpload;
import org.flyte.copilot.upload.watch.FileWatcher;
import org.flyte.copilot.upload.read.LiteralReader;

/**
 * Turns the output directory into {@code outputs.pb} (docs/compatibility.md, "Upload" with D9-D13): checks
 * {@code _ERROR}, reads every declared output (from its own file or directory, or from the
 * container's {@code outputs.json|yaml|pb}), uploads every blob, and writes {@code outputs.pb} last,
 * only when everything succeeded. Any failure is an {@link UploadException} and leaves no
 * {@code outputs.pb}. Thread-safe; one upload per call.
 */
public final class Uploader {
  private static final int RUNNING = 0;
  private static final int COMMITTING = 1;
  private static final int TIMED_OUT = 2;

  private final ObjectStore store;
  private final UploadListener listener;
  private final Duration progressInterval;

  /** {@code listener} hears about progress; what it throws is logged and does not fail the upload. */
  public Uploader(ObjectStore store, UploadListener listener) {
    this(store, listener, TransferProgress.DEFAULT_INTERVAL);
  }

  /** For tests: how often the progress of uploads is reported. */
  Uploader(ObjectStore store, UploadListener listener, Duration progressInterval) {
    this.store = store;
    this.listener = SafeListener.of(listener);
    this.progressInterval = progressInterval;
  }

  /** Uploads everything under the request's deadline. */
  public UploadResult upload(UploadRequest request) {
    return upload(request, new UploadCache());
  }

  /** Like {@link #upload(UploadRequest)}, skipping files {@code cache} says are already stored. */
  public UploadResult upload(UploadRequest request, UploadCache cache) {
    return upload(request, cache, request.timeout());
  }

  /** Like {@link #upload(UploadRequest, UploadCache)} with only {@code budget} of the request's timeout left. */
  public UploadResult upload(UploadRequest request, UploadCache cache, Duration budget) {
    AtomicInteger state = new AtomicInteger(RUNNING);
    Duration timeout = request.timeout();
    if (timeout.isZero() || timeout.isNegative()) {
      return run(request, cache, state, Deadline.none());
    }
    Deadline deadline = Deadline.after(budget);
    FutureTask<UploadResult> task = new FutureTask<>(() -> run(request, cache, state, deadline));
    Thread worker = new Thread(task, "copilot-uploader");
    worker.setDaemon(true);
    worker.start();
    try {
      try {
        return task.get(Math.max(1, budget.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (state.compareAndSet(RUNNING, TIMED_OUT)) {
          worker.interrupt();
          throw UploadException.transfer(timedOut(timeout), null);
        }
        return task.get(); // outputs.pb is being written: let it finish
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UploadException u) {
        throw u;
      }
      if (cause instanceof org.flyte.copilot.core.transfer.TransferTimeoutException) {
        // the engine saw the deadline pass before the timer above did: the same failure, the same words
        throw UploadException.transfer(timedOut(timeout), cause);
      }
      throw UploadException.transfer(Messages.of(cause), cause);
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
      throw new UploadException("the upload was interrupted; no outputs.pb was written");
    }
  }

  private static String timedOut(Duration timeout) {
    return "the upload did not finish within the timeout of " + GoDurations.format(timeout.toNanos())
        + " (--timeout); no outputs.pb was written";
  }

  private UploadResult run(UploadRequest request, UploadCache cache, AtomicInteger state, Deadline deadline) {
    Planned planned = plan(request);
    // the last run: nothing comes after it that the cache could spare, so it records nothing (a
    // 100,000-file output would otherwise hold a fingerprint per file until the sidecar exits)
    OutputTransfers runner = new OutputTransfers(store, request.concurrency(), cache, listener, progressInterval,
        false);
    int uploaded;
    int retries;
    long total;
    try {
      OutputTransfers.Transferred t = runner.run(planned.plan(), deadline);
      uploaded = t.files();
      retries = t.retries();
      total = t.considered(); // the files the upload's own listing found (the tree may have changed since planning)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UploadException("the upload was interrupted; no outputs.pb was written");
    }
    for (UploadPlan.RemoteCheck check : planned.plan().checks()) {
      boolean exists;
      try {
        exists = store.head(DataReference.parse(check.reference())).isPresent();
      } catch (RuntimeException e) {
        throw check.site().fail("cannot check the reference the task wrote, " + check.reference() + ": "
            + Messages.of(e));
      }
      if (!exists) {
        throw check.site().fail("the task wrote the reference " + check.reference()
            + " (DO_NOT_UPLOAD) but no object exists there");
      }
    }
    deleteStale(planned.plan(), cache);
    String ref = request.outputsReference();
    if (!state.compareAndSet(RUNNING, COMMITTING)) {
      throw new UploadException("the upload was cancelled before writing " + ref);
    }
    byte[] outputs = planned.outputs().toByteArray();
    try {
      RetryPolicy.DEFAULT.call(deadline, () -> {
        store.write(DataReference.parse(ref), outputs);
        return null;
      }, (attempt, failure, delay) -> listener.warn("writing " + ref + " failed (" + Messages.of(failure)
          + "); trying again in " + delay.toMillis() + " ms"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UploadException("the upload was interrupted while writing " + ref + "; no outputs.pb was written");
    }
    listener.info("wrote " + ref + " with " + Counts.of(planned.outputs().getLiteralsCount(), "output") + " ("
        + Counts.of(uploaded, "file") + " uploaded now, " + (total - uploaded) + " already uploaded"
        + (retries == 0 ? "" : "; " + Counts.of(retries, "retry")) + ")");
    return new UploadResult(ref, planned.outputs(), uploaded, (int) (total - uploaded));
  }

  /** Objects an eager upload stored that the final outputs no longer contain (a file removed later). */
  private void deleteStale(UploadPlan plan, UploadCache cache) {
    if (cache.references().isEmpty()) {
      return; // nothing was uploaded early (always so under UPLOAD_ON_EXIT): no need to list the outputs again
    }
    Set<String> wanted = new HashSet<>();
    for (FileUpload u : plan.uploads()) {
      wanted.add(u.reference());
    }
    for (String ref : cache.references()) {
      if (!wanted.contains(ref)) {
        try {
          store.delete(DataReference.parse(ref));
          cache.forget(ref);
          listener.info("deleted " + ref + ", uploaded early but no longer part of the outputs");
        } catch (RuntimeException e) {
          throw new UploadException("cannot delete " + ref + ", uploaded early but no longer part of the outputs: "
              + Messages.of(e));
        }
      }
    }
  }

  /** The outputs literal map and the storage work it needs, without touching storage. */
  public record Planned(LiteralMap outputs, UploadPlan plan) {}

  public static Planned plan(UploadRequest request) {
    Map<String, Variable> variables = request.typedInterface().getOutputs().getVariablesMap();
    OutputLocator locator = locator(request);
    if (!Files.isDirectory(locator.outputDir())) {
      throw new UploadException("the output directory " + locator.outputDir() + " does not exist or is not a directory;"
          + " no outputs were written (declared: " + String.join(", ", variables.keySet()) + ")");
    }
    ErrorFile.check(locator);
    LiteralReader reader = new LiteralReader(request, locator);
    Optional<OutputsFile> metadata = OutputsFile.read(reader, request.format());
    if (metadata.isPresent()) {
      Set<String> unknown = new LinkedHashSet<>(metadata.get().names());
      unknown.removeAll(variables.keySet());
      if (!unknown.isEmpty()) {
        throw new UploadException("the metadata file " + metadata.get().source() + " holds " + unknown
            + ", which the task interface does not declare (declared outputs: " + variables.keySet() + ")");
      }
    }
    UploadPlan plan = new UploadPlan();
    LiteralMap.Builder outputs = LiteralMap.newBuilder();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Variable> v : variables.entrySet()) {
      String name = v.getKey();
      try {
        UploadPlan own = new UploadPlan();
        Literal lit = metadata.isPresent() && metadata.get().holds(name)
            ? metadata.get().read(reader, name, v.getValue().getType(), own)
            : reader.readOutput(name, v.getValue().getType(), own);
        plan.addAll(own);
        outputs.putLiterals(name, lit);
      } catch (UploadException e) {
        failures.add(e.getMessage());
      }
    }
    if (failures.size() == 1) {
      throw new UploadException(failures.get(0));
    }
    if (!failures.isEmpty()) {
      throw new UploadException(failures.size() + " outputs failed: " + String.join("; ", failures));
    }
    plan.requireDistinctReferences();
    return new Planned(outputs.build(), plan);
  }

  public static OutputLocator locator(UploadRequest request) {
    return new OutputLocator(request.fromLocalDir(), Set.of("outputs.json", "outputs.yaml", "outputs.pb",
        ErrorFile.NAME, FileWatcher.SUCCESS_MARKER, "_START"));
  }
}
