package org.flyte.copilot.core.transfer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A call to a store that must not outlast a limit (opening a bucket, writing an error document):
 * a store that accepts connections and never answers would otherwise hold the pod for minutes of
 * read timeouts and SDK retries. The call runs on a daemon thread; when time is up the caller goes
 * on and the thread is left behind, to end with the process.
 */
public final class Bounded {
  private Bounded() {}

  /**
   * Runs {@code call} for at most {@code limit} (zero or negative: no limit, on this thread); when
   * time is up, fails with {@code expired} (a sentence saying what did not finish within which limit).
   */
  public static <T> T call(Duration limit, String expired, Supplier<T> call) {
    if (limit == null || limit.isZero() || limit.isNegative()) {
      return call.get();
    }
    FutureTask<T> task = new FutureTask<>(call::get);
    Thread t = new Thread(task, "copilot-bounded");
    t.setDaemon(true);
    t.start();
    try {
      return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      t.interrupt();
      throw new TimeLimitException(expired);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      t.interrupt();
      Thread.currentThread().interrupt();
      throw new TimeLimitException("interrupted: " + expired);
    }
  }

  /**
   * Like {@link #call}, trying {@code call} again after a transient failure (a blip, a 503) as long as
   * the limit leaves room: the error document gets every chance its few seconds allow.
   */
  public static <T> T retried(Duration limit, String expired, Supplier<T> call, RetryPolicy.RetryNotice onRetry) {
    Deadline deadline = limit == null || limit.isZero() || limit.isNegative() ? Deadline.none() : Deadline.after(limit);
    return call(limit, expired, () -> {
      try {
        return RetryPolicy.DEFAULT.call(deadline, call, onRetry);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TimeLimitException("interrupted: " + expired);
      }
    });
  }

  /** The limit of {@link #call} passed. */
  public static final class TimeLimitException extends RuntimeException {
    public TimeLimitException(String message) {
      super(message);
    }
  }
}
