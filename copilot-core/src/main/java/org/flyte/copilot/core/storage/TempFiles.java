package org.flyte.copilot.core.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary files the stores spool to. */
public final class TempFiles {
  private TempFiles() {}

  /** Deletes {@code tmp} if it is not null and still there; a failure leaves a harmless leftover. */
  public static void deleteQuietly(Path tmp) {
    if (tmp == null) {
      return;
    }
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException ignored) {
      // a leftover temporary file is harmless
    }
  }
}
