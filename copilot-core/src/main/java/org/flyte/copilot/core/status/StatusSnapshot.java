package org.flyte.copilot.core.status;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a command was doing at one moment: its phase, the bytes and files moved over all its
 * transfers ({@code bytesTotal} -1 while not known), the recent rate, retries, per-variable progress
 * and the failures so far (messages with any credential removed).
 */
public record StatusSnapshot(String command, Phase phase, Duration elapsed, long bytesDone, long bytesTotal,
    int filesDone, int filesInFlight, double bytesPerSecond, int retries, List<VariableStatus> variables,
    List<String> errors) {
  public StatusSnapshot {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(elapsed, "elapsed");
    variables = List.copyOf(variables);
    errors = List.copyOf(errors);
  }

  /** Seconds left at the current rate, or -1 when the total or the rate is not known. */
  public long etaSeconds() {
    if (bytesTotal < 0 || bytesPerSecond <= 0 || bytesTotal <= bytesDone) {
      return -1;
    }
    return Math.round((bytesTotal - bytesDone) / bytesPerSecond);
  }

  /** How the transfers of one variable stand. */
  public enum VariableState { TRANSFERRING, DONE, FAILED }

  /**
   * One input or output variable: objects finished and queued so far, the bytes of the finished
   * ones, the planned total (-1 while a size is not known), retries, and the failure that ended it.
   */
  public record VariableStatus(String name, VariableState state, long bytesDone, long bytesTotal, int filesDone,
      int filesTotal, int retries, String error) {
    public VariableStatus {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(state, "state");
      error = error == null ? "" : error;
    }
  }
}
