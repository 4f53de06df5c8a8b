package org.flyte.copilot.download;

import org.flyte.copilot.core.error.CopilotException;
import org.flyte.copilot.core.error.ErrorCode;
import org.flyte.copilot.core.error.Messages;

/**
 * A download that failed ({@link ErrorCode#INPUT_DOWNLOAD_FAILED}). The message says what failed: the
 * variable (when one is concerned), the remote reference and the cause, e.g. {@code variable [model]:
 * cannot download s3://b/k to /var/inputs/model: does not exist}. {@link #recoverable()} tells whether a
 * retry may help (storage and timeout failures) or not (malformed input, invalid names, bad flags).
 */
public class DownloadException extends CopilotException {
  public DownloadException(String variable, String reference, String message, Throwable cause, boolean recoverable) {
    super(ErrorCode.INPUT_DOWNLOAD_FAILED, variable, reference, message, cause, recoverable);
  }

  /** A bad request or bad input: not worth retrying. */
  static DownloadException invalid(String variable, String reference, String message) {
    return new DownloadException(variable, reference, message, null, false);
  }

  /** A storage or I/O failure: a retry may succeed. */
  static DownloadException failed(String variable, String reference, String message, Throwable cause) {
    return new DownloadException(variable, reference, message, cause, true);
  }

  /** {@code failure} as a download failure: itself when it is one, else its message around it (a retry may help). */
  public static DownloadException of(Throwable failure) {
    return failure instanceof DownloadException d ? d : failed(null, null, Messages.describe(failure), failure);
  }

  /** Prefix for messages about one variable: {@code variable [x]: }. */
  static String about(String variable) {
    return variable == null ? "" : "variable [" + variable + "]: ";
  }
}
