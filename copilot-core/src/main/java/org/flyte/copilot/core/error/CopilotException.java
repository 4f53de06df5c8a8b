package org.flyte.copilot.core.error;

/**
 * A failure copilot reports: its {@link ErrorCode}, the variable and remote or local reference concerned
 * (each null when none is), whether retrying the task may help, and the cause. The message is the error
 * document's message: what failed, for which variable, at which reference, because of what.
 */
public class CopilotException extends RuntimeException {
  private final ErrorCode code;
  private final String variable;
  private final String reference;
  private final boolean recoverable;

  public CopilotException(ErrorCode code, String variable, String reference, String message, Throwable cause,
      boolean recoverable) {
    super(message, cause);
    this.code = code;
    this.variable = variable;
    this.reference = reference;
    this.recoverable = recoverable;
  }

  public ErrorCode code() {
    return code;
  }

  /** The variable concerned, or null when the failure is not about one variable. */
  public String variable() {
    return variable;
  }

  /** The reference concerned (a remote reference or a local path), or null. */
  public String reference() {
    return reference;
  }

  /**
   * Whether running the task again may succeed: true for storage, network and timeout failures, false
   * for a bad input, a bad command line or a bad output the task wrote. The error document's kind does
   * not follow it: every document says RECOVERABLE, as Flyte's Go copilot writes (docs/error-model.md).
   */
  public boolean recoverable() {
    return recoverable;
  }
}
