package org.flyte.copilot.upload.transfer;

import org.flyte.copilot.upload.UploadException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flyte.copilot.core.status.Phase;
import org.flyte.copilot.core.transfer.TransferListener;
import org.flyte.copilot.core.transfer.TransferProgress;

/**
 * Passes every callback on to a listener and keeps whatever it throws from failing the upload: a
 * listener only reports, so its failure is logged and the work goes on.
 */
public final class SafeListener implements UploadListener {
  private static final Logger LOG = System.getLogger(SafeListener.class.getName());

  private final UploadListener delegate;
  private final AtomicBoolean failedBefore = new AtomicBoolean();

  private SafeListener(UploadListener delegate) {
    this.delegate = delegate;
  }

  /** {@code listener} guarded; {@link UploadListener#NONE} for null. */
  public static UploadListener of(UploadListener listener) {
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
  public void failure(UploadException failure) {
    call("failure", () -> delegate.failure(failure));
  }

  @Override
  public void uploaded(String variable, String localPath, String reference, long bytes) {
    call("uploaded", () -> delegate.uploaded(variable, localPath, reference, bytes));
  }

  @Override
  public void phase(Phase phase) {
    call("phase", () -> delegate.phase(phase));
  }

  @Override
  public void transfersStarted(TransferProgress progress) {
    call("transfersStarted", () -> delegate.transfersStarted(progress));
  }

  /** The engine guards its listeners itself. */
  @Override
  public TransferListener transfers() {
    try {
      return delegate.transfers();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the upload listener failed in transfers(); the upload goes on", e);
      return TransferListener.NONE;
    }
  }

  @Override
  public void failed(String message) {
    call("failed", () -> delegate.failed(message));
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
