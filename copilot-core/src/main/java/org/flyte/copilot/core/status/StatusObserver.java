package org.flyte.copilot.core.status;

import org.flyte.copilot.core.transfer.TransferListener;
import org.flyte.copilot.core.transfer.TransferProgress;

/**
 * Hears a command's phases, transfers and failure, for the live status view (D15). Callbacks come
 * from several threads and must not block or throw. {@link #NONE} ignores everything, which is what
 * a command without {@code --grpc-port} uses.
 */
public interface StatusObserver {
  StatusObserver NONE = new StatusObserver() {};

  /** The command entered {@code phase}. */
  default void phase(Phase phase) {}

  /** A batch of transfers started; {@code progress} counts its bytes (and keeps them after it ends). */
  default void transfersStarted(TransferProgress progress) {}

  /**
   * Events of every transfer of the batches that follow; a request whose context is a {@link
   * VariableOrigin} is counted for that variable.
   */
  default TransferListener transfers() {
    return TransferListener.NONE;
  }

  /** The command failed with {@code message}, the error document's message. */
  default void failed(String message) {}

  /** Passes every callback on to {@link #status()}: for a listener that hears more than a status observer. */
  interface Forwarding extends StatusObserver {
    StatusObserver status();

    @Override
    default void phase(Phase phase) {
      status().phase(phase);
    }

    @Override
    default void transfersStarted(TransferProgress progress) {
      status().transfersStarted(progress);
    }

    @Override
    default TransferListener transfers() {
      return status().transfers();
    }

    @Override
    default void failed(String message) {
      status().failed(message);
    }
  }
}
