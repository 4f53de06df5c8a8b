package org.flyte.copilot.upload.transfer;

import org.flyte.copilot.upload.read.LiteralReader;
import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.ErrorFile;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import flyteidl.core.Interface.Variable;
import flyteidl.core.Types.LiteralType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.core.literal.LiteralTypes;
import org.flyte.copilot.upload.read.LiteralReader;

/**
 * UPLOAD_EAGER (D13): while the main container runs, uploads each top-level blob, schema or dataset
 * output as soon as it is complete, so less is left for the window after the exit signal. An output
 * is complete when the container marks it by creating {@code _DONE_<name>} in the output directory,
 * or when its file (or every file of its directory) has kept the same size and modification time
 * for the quiet period. The final upload re-uploads anything that changed afterwards (see
 * {@link UploadCache}), so an early upload is only ever an optimisation. Problems are not errors
 * here; the final upload reports them.
 */
public final class EagerUploader implements AutoCloseable {
  static final String MARKER_PREFIX = "_DONE_";

  /** A file's state as seen by one poll: its reference, size, modification time. */
  private record FileState(String path, long size, long modified) {}

  private record Seen(List<FileState> snapshot, long sinceNanos) {}

  private final UploadRequest request;
  private final UploadCache cache;
  private final UploadListener listener;
  private final OutputTransfers runner;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Map<String, Seen> seen = new HashMap<>();
  private final Map<String, List<FileState>> uploaded = new HashMap<>();
  private final Set<String> warned = new HashSet<>();
  private Thread thread;

  public EagerUploader(UploadRequest request, ObjectStore store, UploadCache cache, UploadListener listener) {
    this.request = request;
    this.cache = cache;
    this.listener = listener;
    this.runner = new OutputTransfers(store, request.concurrency(), cache, listener, TransferProgress.DEFAULT_INTERVAL);
  }

  static String markerName(String variable) {
    return MARKER_PREFIX + variable;
  }

  public void start() {
    thread = new Thread(this::loop, "copilot-eager-upload");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops watching; an upload in progress may finish within {@code grace}, then it is interrupted. */
  public void stop(Duration grace) {
    stop.countDown();
    if (thread == null) {
      return;
    }
    try {
      thread.join(Math.max(1, grace.toMillis()));
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ZERO);
  }

  private void loop() {
    long poll = Math.max(1, request.eagerPollInterval().toMillis());
    try {
      do {
        pollOnce();
      } while (!stop.await(poll, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Examines every eligible output once and uploads those that are complete. */
  void pollOnce() throws InterruptedException {
    OutputLocator locator = Uploader.locator(request);
    if (!Files.isDirectory(locator.outputDir())
        || Files.exists(locator.outputDir().resolve(ErrorFile.NAME), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    LiteralReader reader = new LiteralReader(request, locator);
    for (Map.Entry<String, Variable> v : request.typedInterface().getOutputs().getVariablesMap().entrySet()) {
      if (stop.getCount() == 0) {
        return;
      }
      String name = v.getKey();
      LiteralType type = v.getValue().getType();
      if (!LiteralTypes.isBlobLike(type)) {
        continue;
      }
      try {
        Optional<Entry> entry = locator.locate(locator.root(), name, Site.output(name, null));
        if (entry.isEmpty()) {
          continue;
        }
        // planning lists the output without following symlinks; the snapshot is of the planned files
        UploadPlan plan = new UploadPlan();
        reader.readOutput(name, type, plan);
        List<FileState> snapshot = snapshot(plan);
        if (snapshot.equals(uploaded.get(name))) {
          continue;
        }
        boolean marked = Files.exists(locator.outputDir().resolve(markerName(name)), LinkOption.NOFOLLOW_LINKS);
        if (!marked && !quiet(name, snapshot)) {
          continue;
        }
        int n = runner.run(plan).files();
        uploaded.put(name, snapshot);
        listener.info("uploaded output \"" + name + "\" early (" + n + " files) because it is "
            + (marked ? "marked done by " + markerName(name)
                : "unchanged for " + GoDurations.format(request.eagerQuietPeriod().toNanos())));
      } catch (UploadException | UncheckedIOException e) {
        if (warned.add(name + ": " + e.getMessage())) {
          listener.warn("not uploading output \"" + name + "\" early: " + e.getMessage());
        }
      }
    }
  }

  private boolean quiet(String name, List<FileState> snapshot) {
    long now = System.nanoTime();
    Seen s = seen.get(name);
    if (s == null || !s.snapshot().equals(snapshot)) {
      seen.put(name, new Seen(snapshot, now));
      return false;
    }
    return now - s.sinceNanos() >= request.eagerQuietPeriod().toNanos();
  }

  private static List<FileState> snapshot(UploadPlan plan) {
    List<FileState> out = new ArrayList<>();
    for (UploadPlan.FileUpload u : plan.uploads()) {
      try {
        BasicFileAttributes a = u.volume().attributes(u.real());
        out.add(new FileState(u.reference(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }
}
