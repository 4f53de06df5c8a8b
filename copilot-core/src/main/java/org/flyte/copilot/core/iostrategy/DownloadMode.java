package org.flyte.copilot.core.iostrategy;

/** {@code IOStrategy.DownloadMode}. */
public enum DownloadMode {
  DOWNLOAD_EAGER,
  DOWNLOAD_STREAM,
  DO_NOT_DOWNLOAD
}
