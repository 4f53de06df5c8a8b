package org.flyte.copilot.core.transfer;

import java.io.IOException;

/** A failure on the local side of a transfer (creating, writing or renaming a file): never retried. */
public final class LocalFileException extends IOException {
  public LocalFileException(String message, IOException cause) {
    super(message, cause);
  }
}
