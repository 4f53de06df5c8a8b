package org.flyte.copilot.core.transfer;

/** How one {@link TransferRequest} ended. */
public sealed interface TransferResult {
  TransferRequest request();

  /** Attempts beyond the first, over all parts of this object. */
  int retries();

  /** Moved completely: {@code bytes} is the object's size. */
  record Completed(TransferRequest request, long bytes, int retries) implements TransferResult {}

  /**
   * Did not complete. {@code cause} is the failure that ended it: a storage failure (remote side), a
   * {@link LocalFileException} (local side), or a {@link java.util.concurrent.CancellationException}
   * when the engine stopped it because another transfer failed or time ran out.
   */
  record Failed(TransferRequest request, Throwable cause, int retries) implements TransferResult {
    public boolean cancelled() {
      return cause instanceof java.util.concurrent.CancellationException;
    }
  }
}
