package org.flyte.copilot.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The {@code _ERROR} rule (CONTRACT.md §3.3): a task that writes it fails with its text as the user error. */
final class ErrorFile {
  static final String NAME = "_ERROR";
  static final long MAX_BYTES = 1024L * 1024L;

  private ErrorFile() {}

  /** Fails with {@code User Error: <content>} when {@code _ERROR} exists in the output directory. */
  static void check(OutputLocator locator) {
    Path p = locator.outputDir().resolve(NAME);
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new UploadException("the task wrote " + p + " but it cannot be read: " + e);
    }
    if (!locator.inside(real)) {
      throw new UploadException("the task wrote " + p + " as a symlink to " + real + ", outside the output directory "
          + locator.outputDir() + "; copilot does not read files outside it");
    }
    try {
      long size = Files.size(real);
      if (size > MAX_BYTES) {
        throw new UploadException("error file too large " + size + " (" + p + " may hold at most " + MAX_BYTES + " bytes)");
      }
      if (Files.isDirectory(real)) {
        throw new UploadException("error file is a directory (" + p + ")");
      }
      String text = new String(Files.readAllBytes(real), StandardCharsets.UTF_8);
      throw new UploadException("User Error: " + text);
    } catch (IOException e) {
      throw new UploadException("the task wrote " + p + " but it cannot be read: " + e);
    }
  }
}
