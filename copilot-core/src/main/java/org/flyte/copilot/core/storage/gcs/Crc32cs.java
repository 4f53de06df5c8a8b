package org.flyte.copilot.core.storage.gcs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.zip.CRC32C;

/** CRC32C arithmetic as GCS uses it: values, its base64 form, and combining the CRCs of two parts. */
public final class Crc32cs {
  /** The reflected Castagnoli polynomial. */
  private static final int POLY = 0x82F63B78;

  private Crc32cs() {}

  /** GCS's text form: base64 of the four big-endian bytes. */
  public static String toBase64(int crc) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt(crc).array());
  }

  /** Parses GCS's base64 form; null when absent or not a 4-byte value. */
  public static Integer fromBase64(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    byte[] b;
    try {
      b = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return b.length == 4 ? ByteBuffer.wrap(b).getInt() : null;
  }

  public static int of(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    return (int) c.getValue();
  }

  /** The CRC32C of a whole file. */
  public static int of(Path file) throws IOException {
    CRC32C c = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        c.update(buf);
        buf.clear();
      }
    }
    return (int) c.getValue();
  }

  /** Reads {@code in} to its end and returns the CRC32C of what it held. */
  public static int of(InputStream in) throws IOException {
    CRC32C c = new CRC32C();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) >= 0; ) {
      c.update(buf, 0, n);
    }
    return (int) c.getValue();
  }

  /**
   * The CRC32C of the concatenation A·B from {@code crcA}, {@code crcB} and B's length: appending
   * {@code lengthB} zero bytes to A is a linear map on the CRC register, applied by repeated squaring
   * of the one-zero-bit operator over GF(2).
   */
  public static int combine(int crcA, int crcB, long lengthB) {
    if (lengthB <= 0) {
      return crcA;
    }
    int[] odd = new int[32]; // operator for one zero bit
    int[] even = new int[32];
    odd[0] = POLY;
    int row = 1;
    for (int n = 1; n < 32; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    int crc = crcA;
    long len = lengthB;
    // each round squares the operator (1, 2, 4... zero bytes) and applies it when the bit is set
    do {
      square(even, odd);
      if ((len & 1) != 0) {
        crc = times(even, crc);
      }
      len >>>= 1;
      if (len == 0) {
        break;
      }
      square(odd, even);
      if ((len & 1) != 0) {
        crc = times(odd, crc);
      }
      len >>>= 1;
    } while (len != 0);
    return crc ^ crcB;
  }

  private static int times(int[] matrix, int vector) {
    int sum = 0;
    int v = vector;
    for (int i = 0; v != 0; i++, v >>>= 1) {
      if ((v & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(int[] target, int[] matrix) {
    for (int n = 0; n < 32; n++) {
      target[n] = times(matrix, matrix[n]);
    }
  }
}
