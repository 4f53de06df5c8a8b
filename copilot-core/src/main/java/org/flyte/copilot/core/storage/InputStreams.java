package org.flyte.copilot.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Small pieces shared by the streams the stores and the transfer engine hand out. */
public final class InputStreams {
  private InputStreams() {}

  /**
   * {@link InputStream#read()} for a stream whose real work is in {@code read(byte[], int, int)}:
   * reads one byte through it, so counting, checksums and limits see every byte.
   */
  public static int readOneByte(InputStream in) throws IOException {
    byte[] one = new byte[1];
    int n = in.read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  /**
   * Checks the arguments of {@code read(b, off, len)} as {@link InputStream} specifies; true when
   * {@code len} is 0, for which the read returns 0 at once.
   */
  public static boolean isEmptyRead(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    return len == 0;
  }
}
