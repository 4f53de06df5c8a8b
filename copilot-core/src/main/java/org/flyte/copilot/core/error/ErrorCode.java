package org.flyte.copilot.core.error;

/**
 * What failed, as Flyte's error document names it ({@code ContainerError.code}), and the exit code each
 * failure ends with. These are the only two codes Flyte's Go copilot writes, and the only two we write:
 * see docs/error-model.md.
 */
public enum ErrorCode {
  /** {@code copilot download}: any failure once the output prefix is known. */
  INPUT_DOWNLOAD_FAILED("InputDownloadFailed", 1, 1),
  /**
   * {@code copilot sidecar}: any failure, including a bad command line. A sidecar whose document could not
   * be written exits 2, so that the exit code alone tells that nothing was recorded.
   */
  OUTPUT_UPLOAD_FAILED("OutputUploadFailed", 1, 2);

  private final String documentCode;
  private final int exitWhenReported;
  private final int exitWhenUnreported;

  ErrorCode(String documentCode, int exitWhenReported, int exitWhenUnreported) {
    this.documentCode = documentCode;
    this.exitWhenReported = exitWhenReported;
    this.exitWhenUnreported = exitWhenUnreported;
  }

  /** The text of {@code ContainerError.code}. */
  public String documentCode() {
    return documentCode;
  }

  /** The process's exit code after a failure with this code, given whether its error document was written. */
  public int exitCode(boolean documentWritten) {
    return documentWritten ? exitWhenReported : exitWhenUnreported;
  }
}
