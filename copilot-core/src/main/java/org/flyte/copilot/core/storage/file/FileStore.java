package org.flyte.copilot.core.storage.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.flyte.copilot.core.storage.BoundedInputStream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.TempFiles;

/**
 * A local directory as an object store ({@code file://container/key} is {@code <root>/container/key};
 * a reference without container is {@code <root>/key}). Writes go to a temporary file renamed into
 * place, so a reader never sees half an object. Keys that would leave the root are rejected.
 * Thread-safe.
 */
public final class FileStore implements ObjectStore {
  private static final String TMP_SUFFIX = ".copilot-tmp";
  private final Path root;

  public FileStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public String scheme() {
    return "file";
  }

  /** The local path of {@code ref}; fails when the key would resolve outside the root. */
  public Path pathOf(DataReference ref) {
    Path base = ref.container().isEmpty() ? root : root.resolve(ref.container());
    Path p = ref.key().isEmpty() ? base : base.resolve(ref.key());
    Path normal = p.normalize();
    if (!normal.startsWith(root) || ref.container().contains("/") || ref.container().equals("..")) {
      throw new StorageException("resolve", ref, "key resolves outside the store root " + root);
    }
    return normal;
  }

  /**
   * The path of an object to read: like {@link #pathOf}, and when it exists its real path (after
   * symlinks) must still be inside the root.
   */
  private Path readablePathOf(DataReference ref) {
    Path p = pathOf(ref);
    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Path real = p.toRealPath();
        if (!real.startsWith(root.toRealPath())) {
          throw new StorageException("resolve", ref, "a symlink leads outside the store root " + root);
        }
      } catch (NoSuchFileException e) {
        return p; // a dangling link reads as missing
      } catch (IOException e) {
        throw ObjectStore.wrap("resolve", ref, e);
      }
    }
    return p;
  }

  @Override
  public Optional<ObjectInfo> head(DataReference ref) {
    Path p = readablePathOf(ref);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      long size = Files.size(p);
      String tag = Long.toHexString(Files.getLastModifiedTime(p).toMillis()) + "-" + Long.toHexString(size);
      return Optional.of(new ObjectInfo(ref, size, tag));
    } catch (IOException e) {
      throw ObjectStore.wrap("head", ref, e);
    }
  }

  @Override
  public InputStream read(DataReference ref) {
    Path p = readablePathOf(ref);
    try {
      if (Files.isDirectory(p)) {
        throw new ObjectNotFoundException("read", ref, "is a directory, not an object");
      }
      return Files.newInputStream(p);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException("read", ref);
    } catch (IOException e) {
      throw ObjectStore.wrap("read", ref, e);
    }
  }

  @Override
  public InputStream readRange(DataReference ref, long offset, long length) {
    Path p = readablePathOf(ref);
    try {
      FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
      ch.position(offset);
      InputStream in = Channels.newInputStream(ch);
      return new BoundedInputStream(in, 0, length);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException("read range", ref);
    } catch (IOException e) {
      throw ObjectStore.wrap("read range", ref, e);
    }
  }

  @Override
  public void write(DataReference ref, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      write(ref, in, Files.size(file));
    } catch (IOException e) {
      throw ObjectStore.wrap("write from " + file, ref, e);
    }
  }

  @Override
  public void write(DataReference ref, InputStream in, long size) {
    Path target = pathOf(ref);
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), TMP_SUFFIX);
      long copied = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      if (size >= 0 && copied != size) {
        throw new StorageException("write", ref, "expected " + size + " bytes but the source had " + copied);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw ObjectStore.wrap("write", ref, e);
    } finally {
      TempFiles.deleteQuietly(tmp);
    }
  }

  @Override
  public ListPage listPage(DataReference prefix, String token, int pageSize) {
    Path dir = pathOf(prefix);
    if (!Files.isDirectory(dir)) {
      return new ListPage(List.of(), null);
    }
    Path base = prefix.container().isEmpty() ? root : root.resolve(prefix.container());
    List<String> keys = new ArrayList<>();
    // Symlinks are not followed: a link out of the root must not become a listed object.
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !p.getFileName().toString().endsWith(TMP_SUFFIX))
          .map(p -> base.relativize(p).toString().replace('\\', '/'))
          .filter(k -> token == null || k.compareTo(token) > 0)
          .sorted()
          .limit(pageSize + 1L)
          .forEach(keys::add);
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("list", prefix, e);
    }
    boolean more = keys.size() > pageSize;
    if (more) {
      keys = keys.subList(0, pageSize);
    }
    List<ObjectInfo> infos = new ArrayList<>(keys.size());
    for (String k : keys) {
      DataReference r = new DataReference(prefix.scheme(), prefix.container(), k);
      try {
        infos.add(new ObjectInfo(r, Files.size(base.resolve(k)), ""));
      } catch (IOException e) {
        throw ObjectStore.wrap("list", prefix, e);
      }
    }
    return new ListPage(infos, more ? keys.get(keys.size() - 1) : null);
  }

  @Override
  public void delete(DataReference ref) {
    try {
      Files.deleteIfExists(pathOf(ref));
    } catch (IOException e) {
      throw ObjectStore.wrap("delete", ref, e);
    }
  }
}
