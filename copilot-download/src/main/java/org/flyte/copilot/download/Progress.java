package org.flyte.copilot.download;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Counts what the download has moved and, once it has run for a while, logs at INFO every
 * {@code interval}: bytes done, rate, and an ETA when the total is known (D15). Reading the size of
 * the temporary files of transfers in flight makes the count independent of how a store copies.
 * Thread-safe.
 */
final class Progress implements AutoCloseable {
  private final Logger log;
  private final long startNanos = System.nanoTime();
  private final AtomicLong bytesDone = new AtomicLong();
  private final AtomicInteger filesDone = new AtomicInteger();
  private final AtomicLong bytesPlanned = new AtomicLong();
  private final AtomicInteger unknownSizes = new AtomicInteger();
  private final AtomicInteger listings = new AtomicInteger();
  private final ScheduledExecutorService timer;

  Progress(Logger log, Duration interval, Supplier<Map<Path, String>> inFlight) {
    this.log = log;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "copilot-progress");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, interval.toMillis());
    timer.scheduleAtFixedRate(() -> report(inFlight.get()), ms, ms, TimeUnit.MILLISECONDS);
  }

  void planned(long size) {
    if (size < 0) {
      unknownSizes.incrementAndGet();
    } else {
      bytesPlanned.addAndGet(size);
    }
  }

  void completed(long size) {
    bytesDone.addAndGet(size);
    filesDone.incrementAndGet();
  }

  void listingStarted() {
    listings.incrementAndGet();
  }

  void listingFinished() {
    listings.decrementAndGet();
  }

  long bytes() {
    return bytesDone.get();
  }

  int files() {
    return filesDone.get();
  }

  private void report(Map<Path, String> inFlight) {
    try {
      long partial = 0;
      for (Path p : inFlight.keySet()) {
        try {
          partial += Files.size(p);
        } catch (IOException ignored) {
          // not created yet, or already renamed
        }
      }
      long done = bytesDone.get() + partial;
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      double rate = seconds > 0 ? done / seconds : 0;
      StringBuilder m = new StringBuilder("download progress: ").append(human(done));
      boolean totalKnown = unknownSizes.get() == 0 && listings.get() == 0;
      if (totalKnown && bytesPlanned.get() > 0) {
        long total = bytesPlanned.get();
        m.append(" of ").append(human(total)).append(String.format(" (%.0f%%)", 100.0 * done / total));
      }
      m.append(", ").append(filesDone.get()).append(" files done, ").append(inFlight.size())
          .append(" in flight, ").append(human((long) rate)).append("/s");
      if (totalKnown && rate > 0 && bytesPlanned.get() > done) {
        m.append(", ETA ").append(Math.round((bytesPlanned.get() - done) / rate)).append('s');
      }
      log.log(Level.INFO, m.toString());
    } catch (RuntimeException e) {
      log.log(Level.DEBUG, "progress report failed", e);
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
