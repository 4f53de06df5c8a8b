package org.flyte.copilot.core.error;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import java.time.Duration;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.transfer.Bounded;
import org.flyte.copilot.core.transfer.RetryPolicy;

/**
 * The one place a failure becomes the error document Flyte reads (docs/error-model.md): code from the
 * failure's {@link ErrorCode}, its message without secrets, and kind RECOVERABLE.
 */
public final class ErrorDocuments {
  /** Default name of the error document under the output prefix: the name Flyte reads (docs/compatibility.md). */
  public static final String DEFAULT_NAME = "error.pb";
  /** How long a failed command may spend writing its error document: a store that stopped answering must not keep the pod. */
  public static final Duration WRITE_LIMIT = Duration.ofSeconds(3);

  private ErrorDocuments() {}

  /** {@code ErrorDocument{error: ContainerError{code, message, kind: RECOVERABLE}}} for {@code failure}. */
  public static ErrorDocument of(CopilotException failure) {
    String own = failure.getMessage();
    // as Go: an empty message is "unknown error" (describe would give the class name)
    String message = own == null || own.isBlank() ? "" : Messages.describe(failure);
    return ErrorDocument.newBuilder()
        .setError(ContainerError.newBuilder()
            .setCode(failure.code().documentCode())
            .setMessage(message.isEmpty() ? "unknown error" : message)
            // every kind RECOVERABLE, whatever failure.recoverable() says: see docs/error-model.md
            .setKind(ContainerError.Kind.RECOVERABLE))
        .build();
  }

  /**
   * Writes the document for {@code failure} to {@code ConstructReference(outputPrefix, name)}, trying a
   * transient write failure again for at most {@link #WRITE_LIMIT}, and returns that reference. A
   * failure to write propagates: the caller then has no document ({@link ErrorCode#exitCode(boolean)}).
   */
  public static String write(ObjectStore store, String outputPrefix, String name, CopilotException failure,
      RetryPolicy.RetryNotice onRetry) {
    ErrorDocument doc = of(failure);
    return Bounded.retried(WRITE_LIMIT, "the store did not take the error document within "
        + GoDurations.format(WRITE_LIMIT.toNanos()), () -> {
          String ref = DataReference.construct(outputPrefix, name);
          store.write(DataReference.parse(ref), doc.toByteArray());
          return ref;
        }, onRetry);
  }
}
