package org.flyte.copilot.core.transfer;

import java.time.Duration;

/**
 * Hears what the engine does. Called from the engine's threads; whatever a listener throws is logged
 * and ignored, so a listener can never break a transfer.
 */
public interface TransferListener {
  TransferListener NONE = new TransferListener() {};

  /** An attempt of {@code request} failed with a transient failure and is tried again after {@code delay}. */
  default void retrying(TransferRequest request, int attempt, Throwable failure, Duration delay) {}

  default void completed(TransferResult.Completed result) {}

  default void failed(TransferResult.Failed result) {}
}
