package org.flyte.copilot.download;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * File system side of the download, confined to one input directory: directories are created one
 * level at a time and a symbolic link below the root is never followed; every file is written under
 * a hidden temporary name and renamed into place, so no half-written file ever carries a final
 * name; files get the permissions a plain create would give (0666 less the umask), whatever the
 * storage client did. Thread-safe.
 */
final class LocalFiles {
  static final String TEMP_SUFFIX = ".copilot-part";
  /** Prefix of the hidden folder, directly under the root, that holds one run's files while they are written. */
  static final String WORK_PREFIX = ".copilot-work-";

  private final Path root;
  /** This run's work folder: every file is written here, then renamed into place. */
  private final Path work;
  private final java.util.concurrent.atomic.AtomicLong temporaries = new java.util.concurrent.atomic.AtomicLong();
  private final Set<Path> verified = ConcurrentHashMap.newKeySet();
  private volatile Set<PosixFilePermission> filePermissions;

  LocalFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
    long r = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    this.work = this.root.resolve(WORK_PREFIX + Long.toString(r, 36));
  }

  /** This run's hidden work folder (exists between {@link #createRoot} and {@link #removeWork}). */
  Path work() {
    return work;
  }

  Path root() {
    return root;
  }

  /** Creates the root (and its parents, which may be links, e.g. a volume mount) and learns the default file mode. */
  void createRoot() throws IOException {
    Files.createDirectories(root);
    if (!Files.isDirectory(root)) {
      throw new IOException(root + " is not a directory");
    }
    verified.add(root);
    Files.createDirectory(work);
    if (Files.getFileAttributeView(root, PosixFileAttributeView.class) != null) {
      Path probe = temporaryFor(root.resolve("permissions"));
      try {
        Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        filePermissions = Files.getPosixFilePermissions(probe);
      } finally {
        Files.deleteIfExists(probe);
      }
    }
  }

  /**
   * Deletes what earlier runs left behind when they were killed (the kubelet restarts a failed init
   * container into the same directory): their work folders directly under the root, and the
   * temporary files older versions wrote next to their targets. Links are never followed. Returns
   * {files, bytes} removed.
   */
  long[] removeStaleTemporaries() throws IOException {
    long[] removed = new long[2];
    try (java.nio.file.DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (name.startsWith(WORK_PREFIX) && !child.equals(work)
            && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(child, removed);
        }
      }
    }
    Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
        return dir.equals(work) ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
          throws IOException {
        String name = file.getFileName().toString();
        if (attrs.isRegularFile() && name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(file);
          removed[0]++;
          removed[1] += attrs.size();
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
        return java.nio.file.FileVisitResult.CONTINUE; // unreadable entries are the task's business
      }
    });
    return removed;
  }

  /** Removes this run's work folder and whatever is still in it (a failed or cancelled transfer's file). */
  void removeWork() {
    try {
      deleteTree(work, new long[2]);
    } catch (IOException e) {
      // best effort: the next run removes it
    }
  }

  /** Deletes a directory tree without following links (a link is removed, not its target). */
  private static void deleteTree(Path dir, long[] removed) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
          throws IOException {
        Files.deleteIfExists(file);
        removed[0]++;
        removed[1] += attrs.size();
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }

  /** Creates {@code dir} below the root, refusing to pass through a symbolic link or a file. */
  void ensureDirectory(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (verified.contains(abs)) {
      return;
    }
    if (!abs.startsWith(root)) {
      throw new IOException(abs + " is outside the input directory " + root);
    }
    Path current = root;
    for (Path segment : root.relativize(abs)) {
      current = current.resolve(segment);
      if (verified.contains(current)) {
        continue;
      }
      if (Files.isSymbolicLink(current)) {
        throw new IOException(current + " is a symbolic link; refusing to follow it out of " + root);
      }
      try {
        Files.createDirectory(current);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException(current + " exists and is not a directory", e);
        }
      }
      verified.add(current);
    }
  }

  /** What writes a file's content. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code bytes} to {@code target} through a temporary sibling and a rename. */
  void writeAtomically(Path target, byte[] bytes) throws IOException {
    writeAtomically(target, out -> out.write(bytes));
  }

  /** Writes what {@code content} streams to {@code target} through a temporary sibling and a rename. */
  void writeAtomically(Path target, Content content) throws IOException {
    ensureDirectory(target.getParent());
    Path tmp = temporaryFor(target);
    try {
      try (OutputStream out = new java.io.BufferedOutputStream(
          Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 64 * 1024)) {
        content.writeTo(out);
      }
      moveIntoPlace(tmp, target);
      tmp = null;
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** An unused name in this run's work folder for {@code target}'s content while it is being written. */
  Path temporaryFor(Path target) {
    String name = target.getFileName().toString();
    if (name.length() > 100) {
      name = name.substring(0, 100);
    }
    return work.resolve(temporaries.incrementAndGet() + "-" + name + TEMP_SUFFIX);
  }

  /** Gives {@code tmp} the default file mode and renames it to {@code target}, replacing a file there. */
  void moveIntoPlace(Path tmp, Path target) throws IOException {
    Set<PosixFilePermission> perms = filePermissions;
    if (perms != null) {
      Files.setPosixFilePermissions(tmp, perms);
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + " exists and is a directory");
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: a leftover has a hidden temporary name, never a final one
    }
  }
}
