package org.flyte.copilot.core.storage;

/** A storage operation that failed; the message names the operation, the reference and the cause. */
public class StorageException extends RuntimeException {
  private final String operation;
  private final transient DataReference reference;

  public StorageException(String operation, DataReference reference, Throwable cause) {
    super(operation + " " + reference + ": " + describe(cause), cause);
    this.operation = operation;
    this.reference = reference;
  }

  public StorageException(String operation, DataReference reference, String reason) {
    super(operation + " " + reference + ": " + reason);
    this.operation = operation;
    this.reference = reference;
  }

  /**
   * A failure of {@code operation} with {@code reason}: a {@link TransientStorageException} when
   * {@code retryable}, a plain one otherwise; {@code cause} (may be null) is kept as the cause.
   */
  public static StorageException of(String operation, DataReference reference, String reason, boolean retryable,
      Throwable cause) {
    if (retryable) {
      return new TransientStorageException(operation, reference, reason, cause);
    }
    StorageException e = new StorageException(operation, reference, reason);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  public String operation() {
    return operation;
  }

  public DataReference reference() {
    return reference;
  }

  /** True for failures worth retrying (throttling, 5xx, connection resets). */
  public boolean isTransient() {
    return false;
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    if (t instanceof java.io.UncheckedIOException && t.getCause() != null) {
      return describe(t.getCause());
    }
    return org.flyte.copilot.core.error.Messages.of(t);
  }
}
