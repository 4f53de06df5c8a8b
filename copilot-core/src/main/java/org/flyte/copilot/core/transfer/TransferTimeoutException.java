package org.flyte.copilot.core.transfer;

import java.time.Duration;
import java.util.List;
import org.flyte.copilot.core.literal.text.GoDurations;

/** The deadline passed with objects still moving; everything was cancelled. */
public final class TransferTimeoutException extends RuntimeException {
  private final transient List<TransferRequest> inFlight;

  public TransferTimeoutException(Duration timeout, List<TransferRequest> inFlight) {
    super("did not finish within " + GoDurations.format(timeout.toNanos())
        + (inFlight.isEmpty() ? "" : "; still transferring " + inFlight.get(0).reference()
            + (inFlight.size() > 1 ? " (and " + (inFlight.size() - 1) + " more)" : "")));
    this.inFlight = List.copyOf(inFlight);
  }

  /** What was being moved when time ran out. */
  public List<TransferRequest> inFlight() {
    return inFlight;
  }
}
