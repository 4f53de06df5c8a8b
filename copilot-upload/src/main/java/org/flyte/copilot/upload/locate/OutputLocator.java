package org.flyte.copilot.upload.locate;

import org.flyte.copilot.upload.UploadException;

import org.flyte.copilot.core.error.Messages;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.flyte.copilot.core.literal.text.GoStrings;

/**
 * Finds the file or directory holding a value (docs/compatibility.md, "Locating outputs and simple values"):
 * {@code <dir>/<name>} if it exists,
 * otherwise the single {@code <dir>/<name>.*}. Never hands out an entry whose real path lies outside
 * the output directory (D12): a symlink pointing out of it is an error, not something to read.
 * Lookups and listings go through {@link VolumeFiles}, never through a path that could have been
 * swapped for a symlink.
 */
public final class OutputLocator {
  private final Path outputDir;
  private final Path outputReal;
  private final Set<String> reserved;
  private final VolumeFiles volume;

  /**
   * @param reserved names in the output directory that never match a variable's extension search
   *     (the metadata file, the markers)
   */
  public OutputLocator(Path outputDir, Set<String> reserved) {
    this.outputDir = outputDir;
    Path real;
    try {
      real = outputDir.toRealPath();
    } catch (IOException e) {
      real = outputDir.toAbsolutePath().normalize();
    }
    this.outputReal = real;
    this.reserved = reserved;
    this.volume = new VolumeFiles(outputDir, real);
  }

  public Path outputDir() {
    return outputDir;
  }

  /** {@code <outputDir>/<name>}, or an error when {@code name} would leave the output directory (D12). */
  Path childOf(Path dir, String name, Site site) {
    if (name.isEmpty() || name.indexOf('\0') >= 0 || name.contains("\\")) {
      throw site.fail("the name " + GoStrings.quote(name) + " cannot be used as a file name");
    }
    Path p = dir.resolve(name).normalize();
    if (p.isAbsolute() != dir.isAbsolute() || !p.startsWith(dir.normalize()) || p.equals(dir.normalize())) {
      throw site.fail("the name " + GoStrings.quote(name) + " would leave the directory " + dir);
    }
    return p;
  }

  /** The output directory itself, the starting point of every lookup. */
  public Entry root() {
    return new Entry(outputDir, outputReal, true, false);
  }

  /** Opens what lies below the output directory without following symlinks. */
  public VolumeFiles volume() {
    return volume;
  }

  /**
   * The entry for {@code name} in {@code dir}, following the extension rule; empty when neither
   * exists. Ambiguous matches, unreadable entries and escaping symlinks are errors.
   */
  public Optional<Entry> locate(Entry dir, String name, Site site) {
    Path exact = childOf(dir.path(), name, site);
    List<String> parts = new ArrayList<>();
    dir.path().normalize().relativize(exact).forEach(part -> parts.add(part.toString()));
    Entry parent = dir;
    for (String part : parts.subList(0, parts.size() - 1)) {
      Optional<Entry> next = child(parent, part, site::fail);
      if (next.isEmpty() || !next.get().directory()) {
        return Optional.empty();
      }
      parent = next.get();
    }
    String last = parts.get(parts.size() - 1);
    Entry in = parent;
    Optional<Entry> found = child(in, last, site::fail);
    if (found.isPresent()) {
      return found;
    }
    String prefix = last + ".";
    List<String> matches = new ArrayList<>();
    for (String n : list(in, site::fail)) {
      if (n.startsWith(prefix) && n.length() > prefix.length()
          && !(exact.getParent().equals(outputDir) && reserved.contains(n))) {
        matches.add(n);
      }
    }
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    if (matches.size() > 1) {
      List<Path> shown = new ArrayList<>();
      matches.forEach(m -> shown.add(in.path().resolve(m)));
      throw site.fail("found several candidates " + shown + " for " + exact
          + "; write exactly one of " + exact + " or " + exact + ".<ext>");
    }
    Path match = in.path().resolve(matches.get(0));
    return Optional.of(child(in, matches.get(0), site::fail)
        .orElseThrow(() -> site.fail(match + " disappeared while being read")));
  }

  public UploadException missing(Path dir, String name, Site site) {
    Path exact = dir.resolve(name);
    return site.withSource(null).fail("no file or directory at " + exact + " (nor a single " + exact
        + ".<ext>); the task must write every declared output");
  }

  /** The names in the directory {@code dir}, in order, listed without following symlinks. */
  public List<String> list(Entry dir, Function<String, UploadException> fail) {
    List<String> names = new ArrayList<>();
    try {
      for (VolumeFiles.Child c : volume.list(dir.real())) {
        names.add(c.name());
      }
    } catch (VolumeFiles.UnsafeFileException e) {
      throw fail.apply("cannot list the directory " + dir.path() + ": " + e.getMessage());
    } catch (AccessDeniedException e) {
      throw fail.apply("unable to read directory " + dir.path() + ", copilot does not have permission");
    } catch (IOException e) {
      throw fail.apply("cannot list the directory " + dir.path() + ": " + Messages.of(e));
    }
    return names;
  }

  /**
   * The entry {@code name} (one path component) of the directory {@code dir}, empty when there is
   * none. A symlink is resolved, and must lead inside the output directory; the entry's real path then
   * has no symlink in it, and every later read opens it without following any.
   */
  public Optional<Entry> child(Entry dir, String name, Function<String, UploadException> fail) {
    Path shown = dir.path().resolve(name);
    Path candidate = dir.real().resolve(name);
    BasicFileAttributes a;
    try {
      a = volume.attributes(candidate);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw fail.apply("unable to read " + shown + ", copilot does not have permission");
    } catch (IOException e) {
      throw fail.apply("cannot read " + shown + ": " + VolumeFiles.describe(e));
    }
    if (!a.isSymbolicLink()) {
      return Optional.of(new Entry(shown, candidate, a.isDirectory(), a.isRegularFile()));
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException e) {
      throw fail.apply(shown + " is a symlink to a missing file");
    } catch (AccessDeniedException e) {
      throw fail.apply("unable to read " + shown + ", copilot does not have permission");
    } catch (FileSystemException e) {
      throw fail.apply("cannot resolve " + shown + ": " + (e.getReason() == null ? e : e.getReason()));
    } catch (IOException e) {
      throw fail.apply("cannot resolve " + shown + ": " + Messages.of(e));
    }
    return Optional.of(entryAt(shown, real, fail));
  }

  /**
   * The entry for {@code p}, a path the task gave (absolute, or resolved against the output
   * directory), or empty when nothing is there. It must lead inside the output directory.
   */
  public Optional<Entry> find(Path p, Function<String, UploadException> fail) {
    Path norm = p.normalize();
    Entry base = null;
    Path rel = null;
    if (norm.startsWith(outputDir.normalize())) {
      base = root();
      rel = outputDir.normalize().relativize(norm);
    } else if (norm.startsWith(outputReal)) {
      base = new Entry(outputReal, outputReal, true, false);
      rel = outputReal.relativize(norm);
    }
    if (base == null) {
      Path real;
      try {
        real = p.toRealPath();
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw fail.apply("cannot resolve " + p + ": " + Messages.of(e));
      }
      return Optional.of(entryAt(p, real, fail));
    }
    if (rel.toString().isEmpty()) {
      throw fail.apply(p + " resolves to " + outputReal + ", outside the output directory " + outputDir
          + "; copilot does not read or upload files outside it");
    }
    Entry at = base;
    for (Path part : rel) {
      if (!at.directory()) {
        return Optional.empty();
      }
      Optional<Entry> next = child(at, part.toString(), fail);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      at = next.get();
    }
    return Optional.of(new Entry(p, at.real(), at.directory(), at.regular()));
  }

  /** The entry for the resolved path {@code real}, which must lie inside the output directory. */
  private Entry entryAt(Path shown, Path real, Function<String, UploadException> fail) {
    if (!inside(real)) {
      throw fail.apply(shown + " resolves to " + real + ", outside the output directory " + outputDir
          + "; copilot does not read or upload files outside it");
    }
    BasicFileAttributes a;
    try {
      a = volume.attributes(real);
    } catch (NoSuchFileException e) {
      throw fail.apply(shown + " disappeared while being read");
    } catch (IOException e) {
      throw fail.apply("cannot read " + shown + ": " + VolumeFiles.describe(e));
    }
    if (a.isSymbolicLink()) {
      throw fail.apply(shown + " changed while being read (its target became a symlink)");
    }
    return new Entry(shown, real, a.isDirectory(), a.isRegularFile());
  }

  /** True when {@code real} (a real path) lies strictly inside the output directory. */
  boolean inside(Path real) {
    return real.startsWith(outputReal) && !real.equals(outputReal);
  }

  Path outputReal() {
    return outputReal;
  }
}
