package org.flyte.copilot.core.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.flyte.copilot.core.storage.BulkInputStream;
import org.flyte.copilot.core.storage.ObjectStore;

/**
 * Reads a file (or an open channel on one) and tells a counter how many bytes have been read, so that a store fed with it reports
 * upload progress as the bytes go. {@link #mark}/{@link #reset} work at any distance (the file is
 * re-read from the marked position, whatever the read limit), so a store client that rewinds the
 * stream to retry a request can resend any amount; a rewind is reported as a negative count. Not
 * thread-safe.
 */
public final class CountingFileInputStream extends BulkInputStream {
  private final SeekableByteChannel channel;
  private final long size;
  private final LongConsumer counter;
  private long mark;

  private CountingFileInputStream(SeekableByteChannel channel, long size, LongConsumer counter) {
    this.channel = channel;
    this.size = size;
    this.counter = counter;
  }

  /** Opens {@code file}; {@code counter} receives the bytes read (or rewound) by each call. */
  public static CountingFileInputStream open(Path file, LongConsumer counter) throws IOException {
    Objects.requireNonNull(counter, "counter");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new CountingFileInputStream(ch, ch.size(), counter);
    } catch (RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Reads the already-open {@code channel} from its current position and closes it when closed (or
   * when this fails): a caller that opened the file safely (without following symlinks) hands it over.
   */
  public static CountingFileInputStream of(SeekableByteChannel channel, LongConsumer counter) throws IOException {
    try {
      Objects.requireNonNull(counter, "counter");
      return new CountingFileInputStream(channel, channel.size(), counter);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The file's size when it was opened. */
  public long size() {
    return size;
  }

  /** The file position the next {@link #read} starts at. */
  public long position() throws IOException {
    return channel.position();
  }

  /**
   * True when {@link #range} can be used: the channel is a {@link FileChannel}, whose positional
   * reads never move this stream (always so for channels opened on Linux by the JDK). Any other
   * channel would have to be repositioned, which a concurrent sequential read would see.
   */
  public boolean supportsRanges() {
    return channel instanceof FileChannel;
  }

  /**
   * An independent stream over {@code length} bytes of the file from {@code offset}, read with
   * positional reads: ranges can be read at the same time from several threads and never move this
   * stream. When {@code counted}, its reads (and rewinds, as negative counts) go to the counter, which
   * must then be thread-safe. Closing a range does not close the file; {@link InputStream#reset}
   * goes back to the start of the range or to its mark. A range of a file that shrank ends early.
   *
   * @throws IllegalStateException when the channel does not {@linkplain #supportsRanges support ranges}
   */
  public InputStream range(long offset, long length, boolean counted) {
    ObjectStore.requireRange(offset, length);
    if (!(channel instanceof FileChannel fc)) {
      throw new IllegalStateException("range reads need a FileChannel, this stream reads a "
          + channel.getClass().getName() + "; read it sequentially");
    }
    return new Range(fc, offset, offset + length, counted);
  }

  @Override
  protected int readBytes(byte[] b, int off, int len) throws IOException {
    int n = channel.read(ByteBuffer.wrap(b, off, len));
    if (n > 0) {
      counter.accept(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long pos = channel.position();
    long skipped = Math.min(n, Math.max(0, channel.size() - pos));
    channel.position(pos + skipped);
    if (skipped > 0) {
      counter.accept(skipped);
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  /** Remembers the position; {@code readLimit} is ignored, a reset can go back any distance. */
  @Override
  public void mark(int readLimit) {
    try {
      mark = channel.position();
    } catch (IOException e) {
      mark = -1;
    }
  }

  @Override
  public void reset() throws IOException {
    if (mark < 0) {
      throw new IOException("cannot rewind: the position of the mark could not be read");
    }
    long pos = channel.position();
    channel.position(mark);
    if (pos != mark) {
      counter.accept(mark - pos);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private final class Range extends BulkInputStream {
    private final FileChannel file;
    private final long end;
    private final boolean counted;
    private long pos;
    private long mark;

    Range(FileChannel file, long start, long end, boolean counted) {
      this.file = file;
      this.end = end;
      this.counted = counted;
      this.pos = start;
      this.mark = start;
    }

    @Override
    protected int readBytes(byte[] b, int off, int len) throws IOException {
      if (pos >= end) {
        return -1;
      }
      // a positional read: the stream's own position is left alone
      int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
      if (n > 0) {
        pos += n;
        if (counted) {
          counter.accept(n);
        }
      }
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - pos);
    }

    @Override
    public boolean markSupported() {
      return true;
    }

    @Override
    public void mark(int readLimit) {
      mark = pos;
    }

    @Override
    public void reset() {
      if (counted && pos != mark) {
        counter.accept(mark - pos);
      }
      pos = mark;
    }

    @Override
    public void close() {
      // the file belongs to the enclosing stream
    }
  }
}
