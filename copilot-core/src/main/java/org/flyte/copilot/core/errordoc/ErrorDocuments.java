package org.flyte.copilot.core.errordoc;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;

/** Builds the error document copilot writes on failure (CONTRACT.md §1.8, D1). */
public final class ErrorDocuments {
  /** Default name of the error document under the output prefix: the name Flyte reads (D1). */
  public static final String DEFAULT_NAME = "error.pb";
  public static final String INPUT_DOWNLOAD_FAILED = "InputDownloadFailed";
  public static final String OUTPUT_UPLOAD_FAILED = "OutputUploadFailed";

  private ErrorDocuments() {}

  /** {@code ErrorDocument{error: ContainerError{code, message, kind: RECOVERABLE}}}. */
  public static ErrorDocument recoverable(String code, String message) {
    return of(code, message, ContainerError.Kind.RECOVERABLE);
  }

  public static ErrorDocument of(String code, String message, ContainerError.Kind kind) {
    return ErrorDocument.newBuilder()
        .setError(ContainerError.newBuilder()
            .setCode(code)
            .setMessage(message == null || message.isEmpty() ? "unknown error" : message)
            .setKind(kind))
        .build();
  }
}
