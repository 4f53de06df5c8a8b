package org.flyte.copilot.core.iostrategy;

/** {@code IOStrategy.UploadMode}. */
public enum UploadMode {
  UPLOAD_ON_EXIT,
  UPLOAD_EAGER,
  DO_NOT_UPLOAD
}
