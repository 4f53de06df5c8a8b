package org.flyte.copilot.core.storage;

/** A storage failure worth retrying: throttling, a 5xx answer, a timeout or a broken connection. */
public class TransientStorageException extends StorageException {

  public TransientStorageException(String operation, DataReference reference, String reason, Throwable cause) {
    super(operation, reference, reason);
    if (cause != null) {
      initCause(cause);
    }
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
