package org.flyte.copilot.core.storage.gcs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InputStreams;
import org.flyte.copilot.core.storage.StorageException;

/**
 * Passes an object's bytes through, turning client failures into {@link IOException}s that name the
 * reference, and at the end checks the length and the CRC32C (when known) of what was read. Not
 * thread-safe.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final DataReference ref;
  private final long expectedSize;
  private final Integer expectedCrc;
  private final String op;
  private final GcsConfig config;
  private final CRC32C crc = new CRC32C();
  private long count;
  private boolean checked;

  /**
   * @param expectedSize the object's size, or -1 when not known (ranged reads)
   * @param expectedCrc the object's CRC32C, or null when the bytes cannot be checked
   */
  VerifyingInputStream(InputStream in, DataReference ref, long expectedSize, Integer expectedCrc, String op,
      GcsConfig config) {
    super(in);
    this.ref = ref;
    this.expectedSize = expectedSize;
    this.expectedCrc = expectedCrc;
    this.op = op;
    this.config = config;
  }

  @Override
  public int read() throws IOException {
    return InputStreams.readOneByte(this);
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      RuntimeException t = GcsFailures.translate(op, ref, e, config);
      throw new IOException(t.getMessage(), t);
    }
    if (n > 0) {
      crc.update(b, off, n);
      count += n;
    } else if (n < 0) {
      check();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipping would leave bytes out of the checksum; read them instead
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    long left = n;
    while (left > 0) {
      int r = read(buf, 0, (int) Math.min(left, buf.length));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - left;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void check() throws IOException {
    if (checked) {
      return;
    }
    checked = true;
    if (expectedSize >= 0 && count != expectedSize) {
      throw failed("object is " + expectedSize + " bytes but " + count + " arrived");
    }
    if (expectedCrc != null && expectedCrc != (int) crc.getValue()) {
      throw failed("CRC32C mismatch: GCS has " + Crc32cs.toBase64(expectedCrc) + ", received bytes hash to "
          + Crc32cs.toBase64((int) crc.getValue()));
    }
  }

  private IOException failed(String reason) {
    StorageException e = new StorageException(op, ref, reason);
    return new IOException(e.getMessage(), e);
  }
}
