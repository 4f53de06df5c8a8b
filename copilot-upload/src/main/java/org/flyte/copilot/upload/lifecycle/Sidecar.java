package org.flyte.copilot.upload.lifecycle;

import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.transfer.EagerUploader;
import org.flyte.copilot.upload.transfer.SafeListener;
import org.flyte.copilot.upload.transfer.UploadCache;
import org.flyte.copilot.upload.transfer.UploadListener;
import org.flyte.copilot.upload.transfer.UploadResult;
import org.flyte.copilot.upload.transfer.Uploader;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.error.ErrorCode;
import org.flyte.copilot.core.error.ErrorDocuments;
import org.flyte.copilot.core.error.ExitCodes;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.transfer.Bounded;
import org.flyte.copilot.core.iostrategy.UploadMode;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.status.Phase;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.upload.watch.ContainerWatcher;
import org.flyte.copilot.upload.watch.SignalWatcher;
import org.flyte.copilot.upload.watch.Watchers;

/**
 * The sidecar's lifecycle (docs/compatibility.md, "sidecar flags" with D3, D5): wait for the exit signal
 * even when the
 * flags are wrong, then upload or write the error document, and return the exit code. A native
 * sidecar that exits early is restarted forever, so only "nothing to upload" returns before the
 * signal. While it waits the sidecar holds only what waiting needs: the store's settings are checked
 * at start, but its client (SDK, connection pool, credentials) is opened after the signal, or at start
 * when there is work before it (UPLOAD_EAGER). A store that cannot be opened because of a transient
 * failure is tried again for a short while. Not thread-safe; one run per instance.
 */
public final class Sidecar {
  public static final int EXIT_OK = ExitCodes.OK;
  /** The upload failed (or the flags were wrong) and the error document was written. */
  public static final int EXIT_FAILED = ErrorCode.OUTPUT_UPLOAD_FAILED.exitCode(true);
  /** The upload failed and the error document could not be written either. */
  public static final int EXIT_NO_ERROR_DOCUMENT = ErrorCode.OUTPUT_UPLOAD_FAILED.exitCode(false);
  /**
   * The longest time spent retrying to open the store after the signal (less when --timeout leaves
   * less): the kubelet's grace period after SIGTERM is short, and a SIGKILL leaves no error document.
   */
  static final Duration STORE_RETRY_LIMIT = Duration.ofSeconds(60);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  /** How long one attempt to open the store may take before the exit signal. */
  private static final Duration OPEN_LIMIT = Duration.ofSeconds(20);

  /**
   * Opens the object store: after the exit signal (at start for UPLOAD_EAGER) and, while that fails
   * transiently, again for a while. Its final failure is reported like a bad flag.
   */
  @FunctionalInterface
  public interface StoreFactory {
    ObjectStore open() throws Exception;

    /**
     * Checks the store's settings without opening anything (no client, no network); called at start,
     * so that a configuration mistake is logged at once. A failure here is reported after the signal.
     */
    default void check() throws Exception {}
  }

  private final UploadListener listener;

  public Sidecar(UploadListener listener) {
    this.listener = SafeListener.of(listener);
  }

  /**
   * Validates {@code args}, picks the watcher they name and runs. {@code termination} must have been
   * installed first thing in the process; it doubles as the watcher when the named one is invalid.
   */
  public int run(SidecarArgs args, SignalWatcher termination, StoreFactory stores) {
    SidecarInput input = args.validate();
    ContainerWatcher watcher = termination;
    if (input instanceof SidecarInput.Valid valid) {
      watcher = Watchers.create(valid.watcherType(), valid.request().fromLocalDir(), termination);
    } else if (input instanceof SidecarInput.Invalid invalid && !args.fromLocalDir().isEmpty()) {
      watcher = Watchers.create(invalid.watcherType(), Path.of(args.fromLocalDir()), termination);
    }
    return run(input, watcher, stores);
  }

  /** Waits on {@code watcher} (unless there is nothing to upload), then uploads or reports the problem. */
  public int run(SidecarInput input, ContainerWatcher watcher, StoreFactory stores) {
    if (input instanceof SidecarInput.NothingToUpload nothing) {
      listener.info(nothing.reason());
      listener.phase(Phase.SUCCEEDED);
      return EXIT_OK;
    }
    StoreOpener opener = new StoreOpener(stores);
    if (input instanceof SidecarInput.Valid valid && valid.request().uploadMode() == UploadMode.UPLOAD_EAGER) {
      opener.openAtStart();
    } else {
      opener.checkAtStart();
    }
    try {
      return runWithStore(input, watcher, opener);
    } finally {
      opener.close();
    }
  }

  private int runWithStore(SidecarInput input, ContainerWatcher watcher, StoreOpener opener) {
    UploadCache cache = new UploadCache();
    EagerUploader eager = null;
    if (input instanceof SidecarInput.Valid valid && opener.store() != null
        && valid.request().uploadMode() == UploadMode.UPLOAD_EAGER) {
      eager = new EagerUploader(valid.request(), opener.store(), cache, listener);
      eager.start();
    }
    if (input instanceof SidecarInput.Invalid invalid) {
      listener.error("invalid sidecar flags (reported after the exit signal): " + invalid.message());
    }
    listener.phase(Phase.WAITING);
    listener.info("waiting for the main container to exit (watcher: " + watcher.type() + ")");
    try {
      watcher.waitForExit();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      listener.warn("interrupted while waiting for the exit signal; uploading now");
    }
    long signalled = System.nanoTime();
    listener.info("the main container has exited");
    listener.phase(Phase.UPLOADING);

    Duration timeout = input instanceof SidecarInput.Valid valid ? valid.request().timeout() : Duration.ZERO;
    boolean bounded = !timeout.isZero() && !timeout.isNegative();
    // a store that could not be opened at pod start (network or credentials not ready yet) gets
    // another chance now, within the upload's deadline and at most STORE_RETRY_LIMIT
    long retryNanos = bounded ? Math.min(timeout.toNanos(), STORE_RETRY_LIMIT.toNanos()) : STORE_RETRY_LIMIT.toNanos();
    ObjectStore store = opener.reopen(signalled + retryNanos);
    if (input instanceof SidecarInput.Invalid invalid) {
      if (eager != null) {
        eager.stop(Duration.ZERO);
      }
      return fail(store, opener.problem(), invalid.outputPrefix(), invalid.errOutputName(),
          new UploadException(invalid.message()));
    }
    UploadRequest request = ((SidecarInput.Valid) input).request();
    if (store == null) {
      return fail(null, opener.problem(), request.toOutputPrefix(), request.errOutputName(),
          UploadException.transfer(opener.problem(), null));
    }
    if (eager != null) {
      eager.stop(bounded ? timeout.dividedBy(2) : Duration.ofDays(365));
    }
    Duration budget = timeout;
    if (bounded) {
      Duration left = timeout.minusNanos(System.nanoTime() - signalled);
      if (left.isZero() || left.isNegative()) {
        return fail(store, null, request.toOutputPrefix(), request.errOutputName(), UploadException.transfer(
            "the upload did not finish within the timeout of " + GoDurations.format(timeout.toNanos())
                + " (--timeout); no outputs.pb was written", null));
      }
      budget = left;
    }
    try {
      UploadResult result = new Uploader(store, listener).upload(request, cache, budget);
      listener.info("outputs written to " + result.outputsReference());
      listener.phase(Phase.SUCCEEDED);
      return EXIT_OK;
    } catch (RuntimeException e) {
      return fail(store, null, request.toOutputPrefix(), request.errOutputName(), UploadException.of(e));
    }
  }

  private int fail(ObjectStore store, String storeProblem, String prefix, String errName, UploadException failure) {
    String message = failure.getMessage();
    listener.error(message);
    listener.failure(failure);
    listener.failed(message);
    if (store == null) {
      listener.error("the error document cannot be written: " + storeProblem);
      return EXIT_NO_ERROR_DOCUMENT;
    }
    try {
      String ref = ErrorDocuments.write(store, prefix, errName, failure,
          (attempt, writeFailure, delay) -> listener.warn("writing the error document failed ("
              + Messages.of(writeFailure) + "); trying again in " + delay.toMillis() + " ms"));
      listener.info("wrote the error document " + ref);
      return EXIT_FAILED;
    } catch (RuntimeException e) {
      listener.error("cannot write the error document under " + prefix + ": " + Messages.of(e));
      return EXIT_NO_ERROR_DOCUMENT;
    }
  }

  /**
   * True when opening the store may succeed if tried again: a storage failure the backend calls
   * transient, or a connection that could not be made or timed out. Configuration errors, a missing
   * bucket, a refused permission and anything unrecognised are final.
   */
  static boolean retryable(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ConfigException) {
        return false;
      }
      if (c instanceof StorageException se) {
        // the backend has already looked at the causes (status codes, SDK timeouts, I/O errors)
        return se.isTransient();
      }
      // UnknownHostException too: cluster DNS or a mesh proxy may not be up when the pod starts
      if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof SocketTimeoutException
          || c instanceof UnknownHostException || c instanceof HttpTimeoutException
          || c instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Opens the store at start and, if that failed transiently, again after the exit signal with backoff. */
  private final class StoreOpener {
    private final StoreFactory factory;
    private ObjectStore store;
    private String problem;
    /** Whether an open after the signal may succeed: nothing failed yet, or only transiently. */
    private boolean retryable = true;
    private int attempts;

    StoreOpener(StoreFactory factory) {
      this.factory = factory;
    }

    ObjectStore store() {
      return store;
    }

    /** Why the store could not be opened (null when it is open). */
    String problem() {
      return problem;
    }

    void openAtStart() {
      if (!attempt()) {
        warnAtStart();
      }
    }

    void checkAtStart() {
      try {
        factory.check();
      } catch (Exception e) {
        problem = "cannot open the object store: " + Messages.of(e);
        retryable = retryable(e);
        warnAtStart();
      }
    }

    private void warnAtStart() {
      listener.warn(problem + (retryable ? "; trying again after the main container exits"
          : "; not retried (not a transient failure), reported after the main container exits"));
    }

    /**
     * The store, opened now if it was not and the last failure was transient, retrying with backoff
     * while failures stay transient and until {@code deadlineNanos} (System.nanoTime).
     */
    ObjectStore reopen(long deadlineNanos) {
      if (store != null || !retryable) {
        return store;
      }
      long backoff = FIRST_BACKOFF.toNanos();
      while (true) {
        if (attempt(deadlineNanos)) {
          if (attempts > 1) {
            listener.info("opened the object store (attempt " + attempts + ")");
          }
          return store;
        }
        if (!retryable) {
          problem = problem + " (attempt " + attempts + "; not a transient failure, not retried)";
          return null;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          break;
        }
        listener.warn(problem + " (attempt " + attempts + "); trying again");
        try {
          TimeUnit.NANOSECONDS.sleep(Math.min(backoff, left));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
      }
      problem = problem + " (gave up after " + attempts + " attempts)";
      return null;
    }

    private boolean attempt() {
      return attempt(System.nanoTime() + OPEN_LIMIT.toNanos());
    }

    /** One try to open the store, given up at {@code deadlineNanos}: a store that never answers is a failure too. */
    private boolean attempt(long deadlineNanos) {
      attempts++;
      long startNanos = System.nanoTime();
      try {
        Duration limit = Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
        long seconds = Math.max(1, (limit.toMillis() + 999) / 1000);
        store = Bounded.call(limit, "the store did not answer while being opened (waited " + seconds + "s)", () -> {
              try {
                return factory.open();
              } catch (RuntimeException e) {
                throw e;
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
        problem = null;
        return true;
      } catch (java.util.concurrent.CompletionException e) {
        problem = "cannot open the object store: " + Messages.of(e.getCause());
        retryable = retryable(e.getCause());
        return false;
      } catch (Bounded.TimeLimitException e) {
        // an attempt cut short by the overall deadline says nothing new: keep the cause an earlier one gave
        if (problem == null || deadlineNanos - startNanos >= OPEN_LIMIT.toNanos()) {
          problem = "cannot open the object store: " + e.getMessage();
        }
        retryable = true;
        return false;
      } catch (Exception e) {
        problem = "cannot open the object store: " + Messages.of(e);
        retryable = retryable(e);
        return false;
      }
    }

    void close() {
      if (store != null) {
        try {
          store.close();
        } catch (Exception e) {
          listener.warn("closing the object store: " + Messages.of(e));
        }
      }
    }
  }
}
