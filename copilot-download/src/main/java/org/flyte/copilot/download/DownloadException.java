package org.flyte.copilot.download;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import org.flyte.copilot.core.errordoc.ErrorDocuments;

/**
 * A download that failed. The message says what failed: the variable (when one is concerned), the
 * remote reference and the cause, e.g. {@code variable [model]: cannot download s3://b/k to
 * /var/inputs/model: does not exist}. {@link #recoverable()} tells whether a retry may help (storage
 * and timeout failures) or not (malformed input, invalid names, bad flags).
 */
public class DownloadException extends RuntimeException {
  private final String variable;
  private final String reference;
  private final boolean recoverable;

  public DownloadException(String variable, String reference, String message, Throwable cause, boolean recoverable) {
    super(message, cause);
    this.variable = variable;
    this.reference = reference;
    this.recoverable = recoverable;
  }

  /** A bad request or bad input: not worth retrying. */
  static DownloadException invalid(String variable, String reference, String message) {
    return new DownloadException(variable, reference, message, null, false);
  }

  /** A storage or I/O failure: a retry may succeed. */
  static DownloadException failed(String variable, String reference, String message, Throwable cause) {
    return new DownloadException(variable, reference, message, cause, true);
  }

  /** The input variable concerned, or null when the failure is not about one variable. */
  public String variable() {
    return variable;
  }

  /** The remote reference concerned, or null. */
  public String reference() {
    return reference;
  }

  /** Whether retrying the task may help. */
  public boolean recoverable() {
    return recoverable;
  }

  /** {@code ErrorDocument{code: InputDownloadFailed, message, kind}} for this failure. */
  public ErrorDocument toErrorDocument() {
    return ErrorDocuments.of(ErrorDocuments.INPUT_DOWNLOAD_FAILED, getMessage(),
        recoverable ? ContainerError.Kind.RECOVERABLE : ContainerError.Kind.NON_RECOVERABLE);
  }

  /** Prefix for messages about one variable: {@code variable [x]: }. */
  static String about(String variable) {
    return variable == null ? "" : "variable [" + variable + "]: ";
  }
}
