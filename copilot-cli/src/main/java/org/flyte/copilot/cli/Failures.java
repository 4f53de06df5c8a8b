package org.flyte.copilot.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.flyte.copilot.core.errordoc.Messages;
import org.flyte.copilot.core.storage.DataReference;

/** Turns an exception into the one line a user reads. */
final class Failures {
  private Failures() {}

  static String describe(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return DataReference.redactText(Messages.of(t));
  }
}
