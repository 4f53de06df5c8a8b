package org.flyte.copilot.core.errordoc;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;

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
            .setMessage(message == null || message.isEmpty() ? "unknown error" : DataReference.redactText(message))
            .setKind(kind))
        .build();
  }

  /**
   * Writes {@code doc} to {@code ConstructReference(outputPrefix, name)} and returns that reference.
   * A failure to write propagates: the caller then has no document and must exit non-zero.
   */
  public static String write(ObjectStore store, String outputPrefix, String name, ErrorDocument doc) {
    String ref = DataReference.construct(outputPrefix, name);
    store.write(DataReference.parse(ref), doc.toByteArray());
    return ref;
  }
}
