package org.flyte.copilot.upload.locate;

import org.flyte.copilot.upload.UploadException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** The {@code _ERROR} rule (docs/compatibility.md, "The _ERROR file"): a task that writes it fails with its text as the user error. */
public final class ErrorFile {
  public static final String NAME = "_ERROR";
  static final long MAX_BYTES = 1024L * 1024L;

  private ErrorFile() {}

  /** Fails with {@code User Error: <content>} when {@code _ERROR} exists in the output directory. */
  public static void check(OutputLocator locator) {
    Path p = locator.outputDir().resolve(NAME);
    Function<String, UploadException> unreadable =
        why -> new UploadException("the task wrote " + p + " but it cannot be read: " + why);
    Optional<Entry> found = locator.child(locator.root(), NAME, unreadable);
    if (found.isEmpty()) {
      return;
    }
    Entry entry = found.get();
    if (entry.directory()) {
      throw new UploadException("error file is a directory (" + p + ")");
    }
    byte[] bytes = locator.volume().readWhole(entry.real(), p, MAX_BYTES,
        size -> new UploadException("error file too large " + size + " (" + p + " may hold at most " + MAX_BYTES + " bytes)"),
        () -> new UploadException("error file too large (" + p + " grew past " + MAX_BYTES + " bytes while being read)"),
        unreadable);
    throw new UploadException("User Error: " + new String(bytes, StandardCharsets.UTF_8));
  }
}
