package org.flyte.copilot.upload.transfer;

import org.flyte.copilot.upload.UploadException;

import org.flyte.copilot.core.status.StatusObserver;

/**
 * Receives what the sidecar does, for the front end to log. Callbacks come from several threads;
 * they must not block or throw. {@link #NONE} ignores everything. As a {@link StatusObserver} it also
 * hears the sidecar's phases and transfers (for the status service).
 */
public interface UploadListener extends StatusObserver {
  UploadListener NONE = new UploadListener() {};

  /** A step worth a log line at info level. */
  default void info(String message) {}

  /** Something odd that does not fail the upload. */
  default void warn(String message) {}

  /** The upload failed with {@code message}, which is also the error document's message. */
  default void error(String message) {}

  /** The failure the error document is about, once, for a front end that shows stack traces. */
  default void failure(UploadException failure) {}

  /** One file has been stored at {@code reference}. */
  default void uploaded(String variable, String localPath, String reference, long bytes) {}
}
