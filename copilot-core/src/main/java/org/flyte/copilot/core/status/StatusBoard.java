package org.flyte.copilot.core.status;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.transfer.TransferListener;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.core.transfer.TransferRequest;
import org.flyte.copilot.core.transfer.TransferResult;

/**
 * Collects what one command reports as a {@link StatusObserver} and answers {@link #snapshot()}
 * for the status service. Thread-safe. Keeps at most {@value #MAX_ERRORS} failure messages, each
 * with credentials removed ({@link DataReference#redactText}).
 */
public final class StatusBoard implements StatusObserver {
  static final int MAX_ERRORS = 20;
  /** The rate is measured over this much recent time (when snapshots are taken that often). */
  private static final long RATE_WINDOW_NANOS = Duration.ofSeconds(10).toNanos();

  private final String command;
  private final LongSupplier clock;
  private final long startNanos;
  private final List<TransferProgress> batches = new CopyOnWriteArrayList<>();
  private final Map<String, Counts> variables = new TreeMap<>();
  private final Deque<String> errors = new ArrayDeque<>();
  private final Deque<long[]> samples = new ArrayDeque<>();
  private final AtomicInteger retries = new AtomicInteger();
  private final TransferListener listener = new Listener();
  private volatile Phase phase = Phase.STARTING;

  public StatusBoard(String command) {
    this(command, System::nanoTime);
  }

  /** With a nanosecond {@code clock}, as {@link System#nanoTime()}; for tests. */
  public StatusBoard(String command, LongSupplier clock) {
    this.command = command;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
  }

  @Override
  public void phase(Phase phase) {
    this.phase = phase;
  }

  public Phase phase() {
    return phase;
  }

  @Override
  public void transfersStarted(TransferProgress progress) {
    batches.add(progress);
  }

  @Override
  public TransferListener transfers() {
    return listener;
  }

  @Override
  public void failed(String message) {
    addError(message);
    phase = Phase.FAILED;
  }

  /** The state now. */
  public StatusSnapshot snapshot() {
    long now = clock.getAsLong();
    long bytes = 0;
    long total = 0;
    int files = 0;
    int inFlight = 0;
    double batchRate = 0;
    for (TransferProgress p : batches) {
      TransferProgress.Snapshot s = p.snapshot();
      bytes += s.bytes();
      total = total < 0 || !s.totalKnown() ? -1 : total + s.totalBytes();
      files += s.files();
      inFlight += s.inFlight();
      batchRate = s.bytesPerSecond();
    }
    List<StatusSnapshot.VariableStatus> vars = new ArrayList<>();
    List<String> errs;
    double rate;
    synchronized (this) {
      variables.forEach((name, c) -> vars.add(c.status(name)));
      errs = new ArrayList<>(errors);
      rate = recentRate(now, bytes, batchRate);
    }
    return new StatusSnapshot(command, phase, Duration.ofNanos(Math.max(0, now - startNanos)), bytes, total, files,
        inFlight, rate, retries.get(), vars, errs);
  }

  /** Bytes per second over the last samples (one per snapshot), or the latest batch's average before that. */
  private double recentRate(long now, long bytes, double fallback) {
    samples.addLast(new long[] {now, bytes});
    while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
      samples.removeFirst();
    }
    long[] first = samples.peekFirst();
    long span = now - first[0];
    if (span < Duration.ofMillis(500).toNanos()) {
      return fallback;
    }
    return Math.max(0, (bytes - first[1]) * 1e9 / span);
  }

  private synchronized void addError(String message) {
    if (errors.size() == MAX_ERRORS) {
      errors.removeFirst();
    }
    errors.addLast(DataReference.redactText(message));
  }

  private synchronized Counts counts(TransferRequest request) {
    if (request.context() instanceof VariableOrigin o) {
      return variables.computeIfAbsent(o.variable(), v -> new Counts());
    }
    return null;
  }

  /** Per-variable counters; guarded by the board. */
  private static final class Counts {
    int queued;
    int done;
    int ended;
    long bytesDone;
    long bytesPlanned;
    int unknownSizes;
    int retries;
    String error;

    StatusSnapshot.VariableStatus status(String name) {
      StatusSnapshot.VariableState state = error != null ? StatusSnapshot.VariableState.FAILED
          : ended < queued ? StatusSnapshot.VariableState.TRANSFERRING : StatusSnapshot.VariableState.DONE;
      return new StatusSnapshot.VariableStatus(name, state, bytesDone, unknownSizes > 0 ? -1 : bytesPlanned, done,
          queued, retries, error);
    }
  }

  /** Counts the engine's events per variable. */
  private final class Listener implements TransferListener {
    @Override
    public void submitted(TransferRequest request) {
      synchronized (StatusBoard.this) {
        Counts c = counts(request);
        if (c != null) {
          c.queued++;
          if (request.size() >= 0) {
            c.bytesPlanned += request.size();
          } else {
            c.unknownSizes++;
          }
        }
      }
    }

    @Override
    public void retrying(TransferRequest request, int attempt, Throwable failure, java.time.Duration delay) {
      retries.incrementAndGet();
      synchronized (StatusBoard.this) {
        Counts c = counts(request);
        if (c != null) {
          c.retries++;
        }
      }
    }

    @Override
    public void completed(TransferResult.Completed result) {
      synchronized (StatusBoard.this) {
        Counts c = counts(result.request());
        if (c != null) {
          c.done++;
          c.ended++;
          c.bytesDone += result.bytes();
          sizeLearned(c, result.request(), result.bytes());
        }
      }
    }

    @Override
    public void failed(TransferResult.Failed result) {
      String message = result.cancelled() ? null
          : DataReference.redactText(result.request().reference() + ": " + Messages.of(result.cause()));
      synchronized (StatusBoard.this) {
        Counts c = counts(result.request());
        if (c != null) {
          c.ended++;
          sizeLearned(c, result.request(), 0);
          if (message != null && c.error == null) {
            c.error = message;
          }
        }
        if (message != null) {
          addError(message);
        }
      }
    }

    private void sizeLearned(Counts c, TransferRequest request, long bytes) {
      if (request.size() < 0) {
        c.unknownSizes--;
        c.bytesPlanned += bytes;
      }
    }
  }
}
