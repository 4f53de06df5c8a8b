package org.flyte.copilot.upload.locate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.flyte.copilot.core.error.Messages;

/**
 * Reads below the output directory without following a symlink at any path component (D12). Every
 * access walks down from the output directory, opening each directory relative to the one above it
 * with {@code O_NOFOLLOW} ({@link SecureDirectoryStream}), so a component that the still-running main
 * container swaps for a symlink after it was checked makes the access fail instead of leading out of
 * the volume. Callers pass real paths ({@link OutputLocator} resolved and checked them), and read a
 * file only through the channel opened here. Thread-safe.
 */
public final class VolumeFiles {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** A path that cannot be read safely: a symlink where none was, or not a regular file. */
  public static final class UnsafeFileException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;
    private final String reason;

    UnsafeFileException(Path path, String reason) {
      super(path + " " + reason);
      this.path = path;
      this.reason = reason;
    }

    public Path path() {
      return path;
    }

    /** The message without the path: {@code is a FIFO, socket or device, ...}. */
    public String reason() {
      return reason;
    }

    /** The message, naming the path {@code shown} when the unsafe path is the file {@code real} itself. */
    public String naming(Path real, Path shown) {
      return path.equals(real) ? shown + " " + reason : getMessage();
    }
  }

  /** One entry of a directory and its own attributes (a symlink is reported as a symlink). */
  record Child(String name, BasicFileAttributes attributes) {}

  @FunctionalInterface
  private interface InParent<T> {
    T apply(SecureDirectoryStream<Path> parent, Path name) throws IOException;
  }

  private final Path outputDir;
  private final Path outputReal;

  VolumeFiles(Path outputDir, Path outputReal) {
    this.outputDir = outputDir;
    this.outputReal = outputReal;
  }

  /** The attributes of {@code real} itself, not of what a symlink there points to. */
  public BasicFileAttributes attributes(Path real) throws IOException {
    return inParent(real, (dir, name) -> attributes(dir, name, real));
  }

  /**
   * Opens the regular file {@code real} for reading. A FIFO, socket or device is refused before it
   * is opened (opening a FIFO would block), as is a symlink.
   */
  public SeekableByteChannel openRegular(Path real) throws IOException {
    return inParent(real, (dir, name) -> {
      requireRegular(real, attributes(dir, name, real));
      try {
        return dir.newByteChannel(name, Set.of(StandardOpenOption.READ, NOFOLLOW));
      } catch (IOException e) {
        throw recheck(dir, name, real, e);
      }
    });
  }

  /** At most {@code max + 1} bytes of the regular file {@code real}: more than {@code max} means it is larger. */
  public byte[] readAtMost(Path real, long max) throws IOException {
    try (SeekableByteChannel ch = openRegular(real)) {
      return readAtMost(ch, max);
    }
  }

  /**
   * The whole content of the regular file {@code real}, shown in messages as {@code shown}, read only
   * when it holds at most {@code max} bytes. A larger file fails with {@code tooLarge} of its size, one
   * that grows past {@code max} while being read with {@code grew}, and one that cannot be read with
   * {@code unreadable} of the reason.
   */
  public byte[] readWhole(Path real, Path shown, long max, LongFunction<? extends RuntimeException> tooLarge,
      Supplier<? extends RuntimeException> grew, Function<String, ? extends RuntimeException> unreadable) {
    try (SeekableByteChannel ch = openRegular(real)) {
      long size = ch.size();
      if (size > max) {
        throw tooLarge.apply(size);
      }
      byte[] bytes = readAtMost(ch, max);
      if (bytes.length > max) {
        throw grew.get();
      }
      return bytes;
    } catch (UnsafeFileException e) {
      throw unreadable.apply(e.naming(real, shown));
    } catch (IOException e) {
      throw unreadable.apply(Messages.of(e));
    }
  }

  /** The entries of the directory {@code real} with their own attributes, by name; entries removed meanwhile are left out. */
  List<Child> list(Path real) throws IOException {
    if (real.equals(outputReal)) {
      try (DirectoryStream<Path> root = Files.newDirectoryStream(outputDir)) {
        return children(secure(root), real);
      }
    }
    return inParent(real, (dir, name) -> {
      try (SecureDirectoryStream<Path> sub = descend(dir, name, real)) {
        return children(sub, real);
      }
    });
  }

  /** Reads {@code ch} to its end or to {@code max + 1} bytes, whichever comes first. */
  public static byte[] readAtMost(ReadableByteChannel ch, long max) throws IOException {
    long limit = max >= Integer.MAX_VALUE - 16 ? Integer.MAX_VALUE - 16 : max + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 8192));
    ByteBuffer buf = ByteBuffer.allocate(8192);
    while (out.size() < limit) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), limit - out.size()));
      int n = ch.read(buf);
      if (n < 0) {
        break;
      }
      out.write(buf.array(), 0, n);
    }
    return out.toByteArray();
  }

  /** The message of {@code e} for an error text: its own for an unsafe path, else its type and message. */
  public static String describe(IOException e) {
    return e instanceof UnsafeFileException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private List<Child> children(SecureDirectoryStream<Path> dir, Path real) throws IOException {
    List<Child> out = new ArrayList<>();
    for (Path p : dir) {
      Path name = p.getFileName();
      try {
        out.add(new Child(name.toString(), attributes(dir, name, real.resolve(name))));
      } catch (NoSuchFileException e) {
        // removed while listing: it is not there
      }
    }
    out.sort(Comparator.comparing(Child::name));
    return out;
  }

  /** Walks to the directory holding {@code real} without following links and applies {@code op} to it. */
  private <T> T inParent(Path real, InParent<T> op) throws IOException {
    if (!real.startsWith(outputReal) || real.equals(outputReal)) {
      throw new UnsafeFileException(real, "is not inside the output directory " + outputDir
          + "; copilot does not read or upload files outside it");
    }
    List<Path> names = new ArrayList<>();
    outputReal.relativize(real).forEach(names::add);
    Deque<SecureDirectoryStream<Path>> opened = new ArrayDeque<>();
    try (DirectoryStream<Path> root = Files.newDirectoryStream(outputDir)) {
      SecureDirectoryStream<Path> dir = secure(root);
      Path at = outputReal;
      for (int i = 0; i < names.size() - 1; i++) {
        at = at.resolve(names.get(i));
        dir = descend(dir, names.get(i), at);
        opened.push(dir);
      }
      return op.apply(dir, names.get(names.size() - 1));
    } finally {
      for (SecureDirectoryStream<Path> d : opened) {
        try {
          d.close();
        } catch (IOException ignored) {
          // nothing was written through it
        }
      }
    }
  }

  private SecureDirectoryStream<Path> secure(DirectoryStream<Path> root) throws IOException {
    if (root instanceof SecureDirectoryStream<Path> s) {
      return s;
    }
    throw new UnsafeFileException(outputDir, "cannot be read without following symlinks on this platform"
        + " (no SecureDirectoryStream); copilot refuses to read it");
  }

  private static SecureDirectoryStream<Path> descend(SecureDirectoryStream<Path> dir, Path name, Path at)
      throws IOException {
    BasicFileAttributes a = attributes(dir, name, at);
    if (a.isSymbolicLink()) {
      throw swapped(at);
    }
    if (!a.isDirectory()) {
      // checked first: opening a FIFO here would block
      throw new UnsafeFileException(at, "is no longer a directory");
    }
    try {
      return dir.newDirectoryStream(name, NOFOLLOW);
    } catch (IOException e) {
      throw recheck(dir, name, at, e);
    }
  }

  private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name, Path at)
      throws IOException {
    try {
      return dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(at.toString());
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(at.toString());
    }
  }

  /** After an open failed: a symlink that appeared there is the reason worth reporting. */
  private static IOException recheck(SecureDirectoryStream<Path> dir, Path name, Path at, IOException e) {
    try {
      if (attributes(dir, name, at).isSymbolicLink()) {
        return swapped(at);
      }
    } catch (IOException ignored) {
      // report the original failure
    }
    if (e instanceof NoSuchFileException) {
      return new NoSuchFileException(at.toString());
    }
    if (e instanceof AccessDeniedException) {
      return new AccessDeniedException(at.toString());
    }
    return e;
  }

  private static void requireRegular(Path real, BasicFileAttributes a) throws UnsafeFileException {
    if (a.isRegularFile()) {
      return;
    }
    if (a.isSymbolicLink()) {
      throw swapped(real);
    }
    if (a.isDirectory()) {
      throw new UnsafeFileException(real, "is a directory, not a regular file");
    }
    throw new UnsafeFileException(real, "is a FIFO, socket or device, not a regular file; copilot reads only"
        + " regular files");
  }

  private static UnsafeFileException swapped(Path at) {
    return new UnsafeFileException(at, "is a symlink that was not there when the outputs were checked (it was"
        + " swapped in while copilot was reading); copilot does not follow it");
  }
}
