package org.flyte.copilot.upload;

/**
 * The upload failed; the message is what the error document says: which output, which local path
 * or reference, and why.
 */
public class UploadException extends RuntimeException {
  public UploadException(String message) {
    super(message);
  }

  public UploadException(String message, Throwable cause) {
    super(message, cause);
  }
}
