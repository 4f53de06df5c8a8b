package org.flyte.copilot.upload;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes every callback on to a listener and keeps whatever it throws from failing the upload: a
 * listener only reports, so its failure is logged and the work goes on.
 */
final class SafeListener implements UploadListener {
  private static final Logger LOG = System.getLogger(SafeListener.class.getName());

  private final UploadListener delegate;
  private final AtomicBoolean failedBefore = new AtomicBoolean();

  private SafeListener(UploadListener delegate) {
    this.delegate = delegate;
  }

  /** {@code listener} guarded; {@link UploadListener#NONE} for null. */
  static UploadListener of(UploadListener listener) {
    if (listener == null) {
      return UploadListener.NONE;
    }
    return listener == UploadListener.NONE || listener instanceof SafeListener ? listener : new SafeListener(listener);
  }

  @Override
  public void info(String message) {
    call("info", () -> delegate.info(message));
  }

  @Override
  public void warn(String message) {
    call("warn", () -> delegate.warn(message));
  }

  @Override
  public void error(String message) {
    call("error", () -> delegate.error(message));
  }

  @Override
  public void uploaded(String variable, String localPath, String reference, long bytes) {
    call("uploaded", () -> delegate.uploaded(variable, localPath, reference, bytes));
  }

  private void call(String callback, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // a warning the first time only: a listener that always fails would otherwise flood the log
      LOG.log(failedBefore.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG,
          "the upload listener failed in " + callback + "(); the upload goes on", e);
    }
  }
}
