package org.flyte.copilot.core.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.flyte.copilot.core.storage.ObjectChangedException;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;

/**
 * When a failed request or part is tried again: transient failures (connection refused or reset, a
 * body that ends early, read timeouts, 5xx, throttling) are retried with exponential back-off and
 * jitter: under a deadline (the command's {@code --timeout}) for as long as the next pause fits
 * before it, so a store that is away for a minute is waited for; without a deadline at most
 * {@code maxAttempts} times. Everything else (400, 403, 404, 412, local file errors) fails at once.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
  /** 100 ms doubling up to 5 s; without a deadline 10 attempts (about 20 s of back-off). */
  public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(5));
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
  }

  /**
   * Whether attempt {@code attempt + 1} may follow a transient failure after {@code delay}: under a
   * bounded deadline while the pause ends before it, else while fewer than {@code maxAttempts} were made.
   */
  public boolean allowsAnother(int attempt, Deadline deadline, Duration delay) {
    if (deadline.bounded()) {
      return maxAttempts > 1 && delay.toNanos() < deadline.remainingNanos();
    }
    return attempt < maxAttempts;
  }

  /** The pause before attempt {@code attempt + 1} (attempt counts from 1): random in [0, min(max, base·2^(attempt-1))]. */
  public Duration backoff(int attempt) {
    long base = baseDelay.toMillis();
    if (base <= 0) {
      return Duration.ZERO;
    }
    long cap = Math.min(maxDelay.toMillis(), base << Math.min(20, attempt - 1));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }

  /**
   * Runs {@code call}, again after a back-off while it fails transiently, at most {@link #maxAttempts}
   * times and never past {@code deadline}; {@code onRetry} hears each retry. For single requests
   * outside the engine (the outputs file, an error document).
   */
  public <T> T call(Deadline deadline, java.util.function.Supplier<T> call, RetryNotice onRetry)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        Duration delay = backoff(attempt);
        if (!isTransient(e) || !allowsAnother(attempt, deadline, delay)) {
          throw e;
        }
        onRetry.retrying(attempt, e, delay);
        Thread.sleep(delay.toMillis());
      }
    }
  }

  /** Hears a retry of {@link #call}. */
  @FunctionalInterface
  public interface RetryNotice {
    void retrying(int attempt, RuntimeException failure, Duration delay);
  }

  /** True when {@code failure} may go away if the same request is sent again. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ObjectNotFoundException || t instanceof ObjectChangedException) {
        return false;
      }
      if (t instanceof StorageException s) {
        if (s.isTransient()) {
          return true;
        }
        continue; // a storage failure wrapping an I/O error may still be a broken connection
      }
      if (t instanceof LocalFileException) {
        return false;
      }
      if (t instanceof SocketTimeoutException || t instanceof ConnectException || t instanceof SocketException
          || t instanceof EOFException) {
        return true;
      }
      if (t instanceof InterruptedIOException) {
        return false; // the transfer is being cancelled
      }
      if (t instanceof IOException io && isBrokenBody(io)) {
        return true;
      }
      if (t instanceof UncheckedIOException) {
        continue;
      }
    }
    return false;
  }

  /** HTTP clients report a body cut short with their own exception types; recognise them by name and text. */
  private static boolean isBrokenBody(IOException e) {
    String type = e.getClass().getName();
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
    return type.endsWith("ConnectionClosedException") || type.endsWith("NoHttpResponseException")
        || type.endsWith("TruncatedChunkException") || type.endsWith("MalformedChunkCodingException")
        || m.contains("premature end") || m.contains("connection reset") || m.contains("broken pipe")
        || m.contains("connection closed") || m.contains("stream closed");
  }
}
