package org.flyte.copilot.core.transfer;

import java.time.Duration;

/**
 * The point in time by which a whole transfer (a download, or the upload after the exit signal) must
 * be done: {@code --timeout}, measured once. Waits and retry back-offs are bounded by it, so there is
 * one place that decides when time is up.
 */
public final class Deadline {
  private static final Deadline NONE = new Deadline(Long.MAX_VALUE, Duration.ZERO);

  private final long atNanos;
  private final Duration timeout;

  private Deadline(long atNanos, Duration timeout) {
    this.atNanos = atNanos;
    this.timeout = timeout;
  }

  /** {@code timeout} from now; zero or negative means no deadline (Go's convention for --timeout 0). */
  public static Deadline after(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      return NONE;
    }
    long now = System.nanoTime();
    long nanos = timeout.toNanos();
    return new Deadline(nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos, timeout);
  }

  public static Deadline none() {
    return NONE;
  }

  /** True when there is a deadline at all. */
  public boolean bounded() {
    return this != NONE;
  }

  /** The timeout this deadline was made from (zero when unbounded). */
  public Duration timeout() {
    return timeout;
  }

  /** Nanoseconds left, never negative; {@link Long#MAX_VALUE} when unbounded. */
  public long remainingNanos() {
    return bounded() ? Math.max(0, atNanos - System.nanoTime()) : Long.MAX_VALUE;
  }

  public boolean expired() {
    return bounded() && System.nanoTime() - atNanos >= 0;
  }
}
