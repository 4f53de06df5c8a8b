package org.flyte.copilot.core.iostrategy;

/** {@code DataLoadingConfig.LiteralMapFormat}: which metadata file accompanies {@code inputs.pb}. */
public enum MetadataFormat {
  JSON("json"),
  YAML("yaml"),
  PROTO("pb");

  private final String extension;

  MetadataFormat(String extension) {
    this.extension = extension;
  }

  /** {@code json}, {@code yaml} or {@code pb}. */
  public String extension() {
    return extension;
  }
}
