package org.flyte.copilot.core.error;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.flyte.copilot.core.storage.DataReference;

/**
 * The one line a failure contributes to a message: its own text, or its type when it has none;
 * never a Java class name where the cause's own words exist, and for running out of memory, what
 * that means in a container and what to change.
 */
public final class Messages {
  private Messages() {}

  /**
   * The line a user reads for a failure, in a log, on stderr or in an error document: {@link #of} of the
   * failure inside any {@code CompletionException}/{@code ExecutionException}, with credentials in
   * references redacted.
   */
  public static String describe(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return DataReference.redactText(of(t));
  }

  public static String of(Throwable t) {
    if (t instanceof OutOfMemoryError) {
      return outOfMemory(t);
    }
    Throwable cause = t.getCause();
    String m = t.getMessage();
    if (cause != null && cause != t && m != null && m.equals(cause.toString())) {
      return of(cause); // new SomeException(cause): its message is the cause's class name and text
    }
    if (t instanceof FileSystemException e && e.getFile() != null) {
      String what = e instanceof NoSuchFileException ? "no such file or directory"
          : e instanceof AccessDeniedException ? "permission denied" : e.getReason();
      if (what == null) {
        what = e.getClass().getSimpleName();
      }
      if ((e instanceof NoSuchFileException || e instanceof AccessDeniedException) && e.getReason() != null) {
        what = what + " (" + e.getReason() + ")";
      }
      return what + ": " + e.getFile() + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile());
    }
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static String outOfMemory(Throwable t) {
    long heapMib = Runtime.getRuntime().maxMemory() >> 20;
    return "copilot ran out of memory (" + (t.getMessage() == null ? "OutOfMemoryError" : t.getMessage())
        + ") with a heap limit of " + heapMib + " MiB; give copilot's containers more memory (bin/copilot sizes"
        + " the heap from the container's memory limit; COPILOT_JAVA_OPTS=-Xmx<size> overrides it)";
  }
}
