package org.flyte.copilot.core.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The one checksum computed per uploaded byte, sent in a header that the store verifies before it
 * accepts the body: CRC32C ({@code x-amz-checksum-crc32c}, the default: a CPU instruction, nearly
 * free) or MD5 ({@code Content-MD5}, for S3-compatible stores that predate checksum headers), or
 * none.
 */
public enum S3Checksums {
  CRC32C,
  MD5,
  NONE;

  /** {@code crc32c}, {@code md5} or {@code none}, any case. */
  static S3Checksums parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }

  /** A fresh running checksum; null for {@link #NONE}. */
  Running start() {
    return switch (this) {
      case CRC32C -> new Running(new CRC32C(), null);
      case MD5 -> {
        try {
          yield new Running(null, MessageDigest.getInstance("MD5"));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("this JVM has no MD5", e);
        }
      }
      case NONE -> null;
    };
  }

  /** The base64 checksum of {@code length} bytes read from {@code in}; fewer bytes is an error. */
  String of(InputStream in, long length) throws IOException {
    Running r = start();
    if (r == null) {
      return null;
    }
    byte[] buf = new byte[64 * 1024];
    long done = 0;
    while (done < length) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, length - done));
      if (n < 0) {
        throw new ShortSource(done, length);
      }
      r.update(buf, 0, n);
      done += n;
    }
    return r.base64();
  }

  /** The source ended before {@code length} bytes: {@code read} were there. */
  static final class ShortSource extends java.io.EOFException {
    final long read;

    ShortSource(long read, long length) {
      super("the source ended after " + read + " of " + length + " bytes");
      this.read = read;
    }
  }

  /** A checksum being computed. */
  static final class Running {
    private final Checksum crc;
    private final MessageDigest digest;

    private Running(Checksum crc, MessageDigest digest) {
      this.crc = crc;
      this.digest = digest;
    }

    void update(byte[] b, int off, int len) {
      if (crc != null) {
        crc.update(b, off, len);
      } else {
        digest.update(b, off, len);
      }
    }

    String base64() {
      if (crc != null) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
      }
      return Base64.getEncoder().encodeToString(digest.digest());
    }
  }
}
