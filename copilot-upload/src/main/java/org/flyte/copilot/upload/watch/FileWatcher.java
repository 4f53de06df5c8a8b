package org.flyte.copilot.upload.watch;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * For clusters without native sidecars (D14): the main container marks its end by creating
 * {@code _SUCCESS} or {@code _ERROR} in the output directory, which this watcher polls for. A
 * SIGTERM (the pod is being deleted) also ends the wait, so the sidecar still reports what it finds.
 * Thread-safe.
 */
public final class FileWatcher implements ContainerWatcher {
  public static final String TYPE = "file";
  public static final String SUCCESS_MARKER = "_SUCCESS";
  public static final String ERROR_MARKER = "_ERROR";

  private final Path outputDir;
  private final Duration pollInterval;
  private final SignalWatcher termination;

  /**
   * @param termination ends the wait early when signalled; null to wait for a marker only
   */
  public FileWatcher(Path outputDir, Duration pollInterval, SignalWatcher termination) {
    this.outputDir = outputDir;
    this.pollInterval = pollInterval;
    this.termination = termination;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void waitForExit() throws InterruptedException {
    long pollMillis = Math.max(1, pollInterval.toMillis());
    while (!markerPresent()) {
      if (termination != null) {
        if (termination.awaitSignal(pollMillis, TimeUnit.MILLISECONDS)) {
          return;
        }
      } else {
        Thread.sleep(pollMillis);
      }
    }
    awaitErrorTextSettled(pollMillis);
  }

  /**
   * A container that writes {@code _ERROR} in two steps (create, then write) would otherwise be
   * reported with an empty message: wait until its size has stopped changing, for at most 2 s.
   */
  private void awaitErrorTextSettled(long pollMillis) throws InterruptedException {
    Path error = outputDir.resolve(ERROR_MARKER);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    long last = size(error);
    if (last < 0) {
      return; // _SUCCESS: nothing to settle
    }
    while (System.nanoTime() < deadline && !(termination != null && termination.isSignalled())) {
      Thread.sleep(Math.min(pollMillis, 100));
      long now = size(error);
      if (now == last && now > 0) {
        return;
      }
      last = now;
    }
  }

  private static long size(Path p) {
    try {
      return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  /** True when the main container has written {@code _SUCCESS} or {@code _ERROR}. */
  public boolean markerPresent() {
    return Files.exists(outputDir.resolve(SUCCESS_MARKER), LinkOption.NOFOLLOW_LINKS)
        || Files.exists(outputDir.resolve(ERROR_MARKER), LinkOption.NOFOLLOW_LINKS);
  }
}
