package org.flyte.copilot.core.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A view of at most {@code limit} bytes of a stream, after skipping {@code skip} bytes; used where a
 * server ignored a Range header and sent the whole object. Closing it closes the underlying stream.
 */
public final class BoundedInputStream extends FilterInputStream {
  private long toSkip;
  private long remaining;

  public BoundedInputStream(InputStream in, long skip, long limit) {
    super(in);
    this.toSkip = skip;
    this.remaining = limit;
  }

  private void skipLeading() throws IOException {
    while (toSkip > 0) {
      long n = in.skip(toSkip);
      if (n <= 0) {
        if (in.read() < 0) {
          toSkip = 0;
          remaining = 0;
          return;
        }
        n = 1;
      }
      toSkip -= n;
    }
  }

  @Override
  public int read() throws IOException {
    skipLeading();
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    skipLeading();
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    skipLeading();
    long s = in.skip(Math.min(n, remaining));
    remaining -= Math.max(0, s);
    return s;
  }

  @Override
  public int available() throws IOException {
    if (toSkip > 0) {
      return 0;
    }
    return (int) Math.min(super.available(), Math.max(0, remaining));
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
