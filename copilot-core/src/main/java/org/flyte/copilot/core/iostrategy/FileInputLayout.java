package org.flyte.copilot.core.iostrategy;

/** {@code DataLoadingConfig.FileInputLayout} (Flyte 2): where single-file inputs land. */
public enum FileInputLayout {
  DIRECT,
  NAMED_DIR
}
