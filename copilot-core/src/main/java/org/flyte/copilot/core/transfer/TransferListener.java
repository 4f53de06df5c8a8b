package org.flyte.copilot.core.transfer;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Hears what the engine does. Called from the engine's threads; whatever a listener throws is logged
 * and ignored, so a listener can never break a transfer.
 */
public interface TransferListener {
  TransferListener NONE = new TransferListener() {};

  /** {@code request} entered the engine's queue (its size may still be unknown: -1). */
  default void submitted(TransferRequest request) {}

  /** An attempt of {@code request} failed with a transient failure and is tried again after {@code delay}. */
  default void retrying(TransferRequest request, int attempt, Throwable failure, Duration delay) {}

  default void completed(TransferResult.Completed result) {}

  default void failed(TransferResult.Failed result) {}

  /** This listener, then {@code next}, for every event; a failure of one does not keep the other from hearing it. */
  default TransferListener andThen(TransferListener next) {
    if (next == null || next == NONE) {
      return this;
    }
    if (this == NONE) {
      return next;
    }
    TransferListener first = this;
    return new Both(first, next);
  }

  /** Two listeners in turn; see {@link #andThen}. */
  final class Both implements TransferListener {
    private final TransferListener first;
    private final TransferListener second;

    private Both(TransferListener first, TransferListener second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void submitted(TransferRequest request) {
      toBoth(l -> l.submitted(request));
    }

    @Override
    public void retrying(TransferRequest request, int attempt, Throwable failure, Duration delay) {
      toBoth(l -> l.retrying(request, attempt, failure, delay));
    }

    @Override
    public void completed(TransferResult.Completed result) {
      toBoth(l -> l.completed(result));
    }

    @Override
    public void failed(TransferResult.Failed result) {
      toBoth(l -> l.failed(result));
    }

    /** The second hears the event even when the first throws. */
    private void toBoth(Consumer<TransferListener> event) {
      try {
        event.accept(first);
      } finally {
        event.accept(second);
      }
    }
  }
}
