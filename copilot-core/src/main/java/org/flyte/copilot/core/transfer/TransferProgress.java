package org.flyte.copilot.core.transfer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Counts what a transfer has moved and hands a {@link Snapshot} (bytes done, total, rate, ETA) to a
 * sink every interval while the transfer runs (D15). Thread-safe.
 *
 * <p>The total is known once every planned item has a size and no listing is still adding items.
 * The sink runs on the reporter's own daemon thread; whatever it throws is logged and ignored, so a
 * broken sink never fails a transfer. {@link #close()} stops that thread and waits for it.
 */
public final class TransferProgress implements AutoCloseable {
  /** How often progress is reported unless a transfer says otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = System.getLogger(TransferProgress.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private final LongSupplier clock;
  private final long startNanos;
  private final IntSupplier inFlightFiles;
  private final LongSupplier inFlightBytes;
  private final Consumer<Snapshot> sink;
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger files = new AtomicInteger();
  private final AtomicLong planned = new AtomicLong();
  private final AtomicInteger unknownSizes = new AtomicInteger();
  private final AtomicInteger listings = new AtomicInteger();
  private final AtomicBoolean sinkFailed = new AtomicBoolean();
  private final ScheduledExecutorService timer;
  private volatile Thread reporterThread;

  private TransferProgress(Builder b, Consumer<Snapshot> sink) {
    this.clock = b.clock;
    this.startNanos = b.clock.getAsLong();
    this.inFlightFiles = b.inFlightFiles;
    this.inFlightBytes = b.inFlightBytes;
    this.sink = sink;
    if (b.interval == null || b.interval.isZero() || b.interval.isNegative()) {
      this.timer = null;
      return;
    }
    String name = "copilot-progress-" + THREADS.incrementAndGet();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      reporterThread = t;
      return t;
    });
    long ms = Math.max(1, b.interval.toMillis());
    timer.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds an item of {@code size} bytes to the planned total; a negative size means unknown. */
  public void planned(long size) {
    if (size < 0) {
      unknownSizes.incrementAndGet();
    } else {
      planned.addAndGet(size);
    }
  }

  /** Takes back a planned item of {@code size} bytes that will not be transferred (already there). */
  public void unplanned(long size) {
    if (size < 0) {
      unknownSizes.decrementAndGet();
    } else {
      planned.addAndGet(-size);
    }
  }

  /** A listing that plans more items has started; the total is unknown until it finishes. */
  public void listingStarted() {
    listings.incrementAndGet();
  }

  public void listingFinished() {
    listings.decrementAndGet();
  }

  /** Counts {@code delta} bytes moved; negative when a retry rewinds a stream. */
  public void add(long delta) {
    bytes.addAndGet(delta);
  }

  /** Counts one finished item; its bytes are counted with {@link #add}. */
  public void fileDone() {
    files.incrementAndGet();
  }

  /** Bytes counted with {@link #add} so far. */
  public long bytes() {
    return bytes.get();
  }

  /** Items counted with {@link #fileDone} so far. */
  public int files() {
    return files.get();
  }

  /** The state now, including what the in-flight probes report. */
  public Snapshot snapshot() {
    long partial = inFlightBytes.getAsLong();
    boolean totalKnown = unknownSizes.get() == 0 && listings.get() == 0;
    return new Snapshot(bytes.get() + partial, totalKnown ? planned.get() : -1, files.get(),
        inFlightFiles.getAsInt(), Duration.ofNanos(Math.max(0, clock.getAsLong() - startNanos)));
  }

  private void report() {
    try {
      sink.accept(snapshot());
    } catch (RuntimeException e) {
      // logged once: a sink that always fails would otherwise fill the log
      LOG.log(sinkFailed.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG,
          "reporting transfer progress failed; the transfer goes on", e);
    }
  }

  /** Stops reporting and waits (briefly) for a report in progress; safe to call more than once. */
  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.DEBUG, "the transfer progress sink did not return within 5s of the end of the transfer");
      }
      // the executor counts as terminated a moment before its worker thread has ended
      Thread t = reporterThread;
      if (t != null) {
        t.join(TimeUnit.SECONDS.toMillis(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.0 GiB}: binary units, one decimal. */
  public static String human(long bytes) {
    if (Math.abs(bytes) < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    int u = -1;
    while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
  }

  /**
   * What a transfer had done at one moment: {@code bytes} moved, {@code totalBytes} planned (-1 when
   * not known yet), items finished and in flight, and the time since it started.
   */
  public record Snapshot(long bytes, long totalBytes, int files, int inFlight, Duration elapsed) {
    public Snapshot {
      Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean totalKnown() {
      return totalBytes >= 0;
    }

    /** Average rate since the start, in bytes per second (0 before any time has passed). */
    public double bytesPerSecond() {
      double seconds = elapsed.toNanos() / 1e9;
      return seconds > 0 ? bytes / seconds : 0;
    }

    /** Time left at the average rate, when the total is known and something is left. */
    public Optional<Duration> eta() {
      double rate = bytesPerSecond();
      if (!totalKnown() || rate <= 0 || totalBytes <= bytes) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofSeconds(Math.round((totalBytes - bytes) / rate)));
    }

    /**
     * A log line such as {@code upload progress: 512.0 MiB of 1.0 GiB (50%), 3 files done, 2 in
     * flight, 85.0 MiB/s, ETA 6s} for {@code what} = {@code "upload"}.
     */
    public String describe(String what) {
      StringBuilder m = new StringBuilder(what).append(" progress: ").append(human(bytes));
      if (totalBytes > 0) {
        // rounded down, and never 100% while a transfer is still waiting for the store to confirm it
        long percent = Math.min(100, (long) Math.floor(100.0 * bytes / totalBytes));
        if (inFlight > 0 && percent >= 100) {
          percent = 99;
        }
        m.append(" of ").append(human(totalBytes)).append(" (").append(percent).append("%)");
      }
      m.append(", ").append(files).append(" files done, ").append(inFlight).append(" in flight, ")
          .append(human((long) bytesPerSecond())).append("/s");
      eta().ifPresent(d -> m.append(", ETA ").append(d.getSeconds()).append('s'));
      return m.toString();
    }
  }

  /** Options of a {@link TransferProgress}; {@link #start} creates it and starts reporting. */
  public static final class Builder {
    private Duration interval = DEFAULT_INTERVAL;
    private LongSupplier clock = System::nanoTime;
    private IntSupplier inFlightFiles = () -> 0;
    private LongSupplier inFlightBytes = () -> 0;

    private Builder() {}

    /** How often the sink is called; zero or null: never (the counts are still kept). */
    public Builder interval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /** A nanosecond clock, as {@link System#nanoTime()}; for tests. */
    public Builder clock(LongSupplier nanoClock) {
      this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
      return this;
    }

    /** How many items are being transferred right now. */
    public Builder inFlightFiles(IntSupplier count) {
      this.inFlightFiles = Objects.requireNonNull(count, "count");
      return this;
    }

    /** Bytes of unfinished items not counted with {@link TransferProgress#add} (such as partial files). */
    public Builder inFlightBytes(LongSupplier partialBytes) {
      this.inFlightBytes = Objects.requireNonNull(partialBytes, "partialBytes");
      return this;
    }

    public TransferProgress start(Consumer<Snapshot> sink) {
      return new TransferProgress(this, Objects.requireNonNull(sink, "sink"));
    }
  }
}
