package org.flyte.copilot.upload.locate;

import org.flyte.copilot.upload.UploadException;

import org.flyte.copilot.core.error.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code _ERROR} rule (docs/compatibility.md, "The _ERROR file"): a task that writes it fails with its text as the user error. */
public final class ErrorFile {
  public static final String NAME = "_ERROR";
  static final long MAX_BYTES = 1024L * 1024L;

  private ErrorFile() {}

  /** Fails with {@code User Error: <content>} when {@code _ERROR} exists in the output directory. */
  public static void check(OutputLocator locator) {
    Path p = locator.outputDir().resolve(NAME);
    Optional<Entry> found = locator.child(locator.root(), NAME,
        why -> new UploadException("the task wrote " + p + " but it cannot be read: " + why));
    if (found.isEmpty()) {
      return;
    }
    Entry entry = found.get();
    if (entry.directory()) {
      throw new UploadException("error file is a directory (" + p + ")");
    }
    byte[] bytes;
    try (SeekableByteChannel ch = locator.volume().openRegular(entry.real())) {
      long size = ch.size();
      if (size > MAX_BYTES) {
        throw new UploadException("error file too large " + size + " (" + p + " may hold at most " + MAX_BYTES + " bytes)");
      }
      bytes = VolumeFiles.readAtMost(ch, MAX_BYTES);
      if (bytes.length > MAX_BYTES) {
        throw new UploadException("error file too large (" + p + " grew past " + MAX_BYTES + " bytes while being read)");
      }
    } catch (VolumeFiles.UnsafeFileException e) {
      throw new UploadException("the task wrote " + p + " but it cannot be read: "
          + (e.path().equals(entry.real()) ? p + " " + e.reason() : e.getMessage()));
    } catch (IOException e) {
      throw new UploadException("the task wrote " + p + " but it cannot be read: " + Messages.of(e));
    }
    throw new UploadException("User Error: " + new String(bytes, StandardCharsets.UTF_8));
  }
}
