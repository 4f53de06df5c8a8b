package org.flyte.copilot.core.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream whose reads all go through {@link #readBytes}: {@link #read()} reads one byte with it
 * (so counting and limits see every byte), and {@link #read(byte[], int, int)} checks its arguments
 * and answers an empty read before calling it.
 */
public abstract class BulkInputStream extends InputStream {

  @Override
  public final int read() throws IOException {
    return InputStreams.readOneByte(this);
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    if (InputStreams.isEmptyRead(b, off, len)) {
      return 0;
    }
    return readBytes(b, off, len);
  }

  /** Reads up to {@code len} (at least 1) bytes into {@code b} from {@code off}; -1 at the end. */
  protected abstract int readBytes(byte[] b, int off, int len) throws IOException;
}
