package org.flyte.copilot.core.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * An object being written in parts that can be sent in any order and retried one by one (an S3
 * multipart upload). The transfer engine schedules the parts on its shared workers, retries a part
 * that fails transiently, then completes the upload, or aborts it so that no parts are left behind.
 */
public interface MultipartUpload {
  /** Bytes in every part but the last. */
  long partSize();

  int partCount();

  /** Sends part {@code number} (1-based); {@code body} opens the part's bytes from their start, once per attempt. */
  void uploadPart(int number, PartBody body);

  /** Assembles the object from every part and checks its size; a wrong object is deleted. */
  void complete();

  /** Discards the parts; best effort, never throws. */
  void abort();

  /** The bytes of one part, opened afresh for each attempt. */
  @FunctionalInterface
  interface PartBody {
    InputStream open() throws IOException;
  }
}
