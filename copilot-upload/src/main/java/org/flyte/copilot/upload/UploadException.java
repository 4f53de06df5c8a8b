package org.flyte.copilot.upload;

import org.flyte.copilot.upload.locate.Site;

import org.flyte.copilot.core.error.CopilotException;
import org.flyte.copilot.core.error.ErrorCode;
import org.flyte.copilot.core.error.Messages;

/**
 * The upload failed ({@link ErrorCode#OUTPUT_UPLOAD_FAILED}); the message is what the error document
 * says: which output, which local path or reference, and why. A failure about one value keeps its
 * {@link Site} and the bare reason, so that a message about the same value can nest it.
 */
public class UploadException extends CopilotException {
  private final Site site;
  private final String reason;

  /** A failure not about one output (the whole upload, the store, the command line). */
  public UploadException(String message) {
    this(message, null);
  }

  public UploadException(String message, Throwable cause) {
    this(null, null, message, cause, false, null, message);
  }

  private UploadException(String variable, String reference, String message, Throwable cause, boolean recoverable,
      Site site, String reason) {
    super(ErrorCode.OUTPUT_UPLOAD_FAILED, variable, reference, message, cause, recoverable);
    this.site = site;
    this.reason = reason;
  }

  /** The value at {@code site} is wrong: {@code output "x" (/var/outputs/x): <reason>}. */
  public static UploadException at(Site site, String reason) {
    return new UploadException(site.variable(), site.source(), site.prefix() + reason, null, false, site, reason);
  }

  /** A store or transfer failure, worth retrying the task for. */
  public static UploadException transfer(String message, Throwable cause) {
    return new UploadException(null, null, message, cause, true, null, message);
  }

  /** {@code failure} as an upload failure: itself when it is one, else {@code unexpected failure: <its message>}. */
  public static UploadException of(Throwable failure) {
    if (failure instanceof UploadException u) {
      return u;
    }
    String message = "unexpected failure: " + Messages.of(failure);
    return new UploadException(null, null, message, failure, true, null, message);
  }

  /** The value the failure is about, or null. */
  public Site site() {
    return site;
  }

  /** The message without the site's prefix (the whole message when there is no site). */
  public String reason() {
    return reason;
  }
}
