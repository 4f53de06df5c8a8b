package org.flyte.copilot.upload;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flyte.copilot.upload.parse.GoStrings;

/**
 * Finds the file or directory holding a value (CONTRACT.md §3.4): {@code <dir>/<name>} if it exists,
 * otherwise the single {@code <dir>/<name>.*}. Never hands out an entry whose real path lies outside
 * the output directory (D12): a symlink pointing out of it is an error, not something to read.
 */
final class OutputLocator {
  private final Path outputDir;
  private final Path outputReal;
  private final Set<String> reserved;

  /**
   * @param reserved names in the output directory that never match a variable's extension search
   *     (the metadata file, the markers)
   */
  OutputLocator(Path outputDir, Set<String> reserved) {
    this.outputDir = outputDir;
    Path real;
    try {
      real = outputDir.toRealPath();
    } catch (IOException e) {
      real = outputDir.toAbsolutePath().normalize();
    }
    this.outputReal = real;
    this.reserved = reserved;
  }

  Path outputDir() {
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

  /**
   * The entry for {@code name} in {@code dir}, following the extension rule; empty when neither
   * exists. Ambiguous matches, unreadable entries and escaping symlinks are errors.
   */
  Optional<Entry> locate(Path dir, String name, Site site) {
    Path exact = childOf(dir, name, site);
    if (Files.exists(exact)) {
      return Optional.of(check(exact, site));
    }
    if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS)) {
      throw site.fail(exact + " is a symlink to a missing file");
    }
    Path parent = exact.getParent();
    if (!Files.isDirectory(parent)) {
      return Optional.empty();
    }
    String prefix = exact.getFileName() + ".";
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix) && n.length() > prefix.length()
            && !(parent.equals(outputDir) && reserved.contains(n))) {
          matches.add(p);
        }
      }
    } catch (AccessDeniedException e) {
      throw site.fail("unable to read directory " + parent + ", copilot does not have permission");
    } catch (IOException e) {
      throw site.fail("cannot list " + parent + ": " + e);
    }
    if (matches.isEmpty()) {
      return Optional.empty();
    }
    if (matches.size() > 1) {
      matches.sort(null);
      throw site.fail("found several candidates " + matches + " for " + exact
          + "; write exactly one of " + exact + " or " + exact + ".<ext>");
    }
    return Optional.of(check(matches.get(0), site));
  }

  /** Like {@link #locate}, failing with the path looked for when nothing is there. */
  Entry require(Path dir, String name, Site site) {
    return locate(dir, name, site).orElseThrow(() -> missing(dir, name, site));
  }

  UploadException missing(Path dir, String name, Site site) {
    Path exact = dir.resolve(name);
    return site.withSource(null).fail("no file or directory at " + exact + " (nor a single " + exact
        + ".<ext>); the task must write every declared output");
  }

  /** Checks that {@code p} (which exists) resolves inside the output directory. */
  Entry check(Path p, Site site) {
    Path real;
    try {
      real = p.toRealPath();
    } catch (NoSuchFileException e) {
      throw site.fail(p + " disappeared while being read");
    } catch (AccessDeniedException e) {
      throw site.fail("unable to read " + p + ", copilot does not have permission");
    } catch (IOException e) {
      throw site.fail("cannot resolve " + p + ": " + e);
    }
    if (!real.startsWith(outputReal) || real.equals(outputReal)) {
      throw site.fail(p + " resolves to " + real + ", outside the output directory " + outputDir
          + "; copilot does not read or upload files outside it");
    }
    return new Entry(p, real, Files.isDirectory(real));
  }

  /** True when {@code real} (a real path) lies strictly inside the output directory. */
  boolean inside(Path real) {
    return real.startsWith(outputReal) && !real.equals(outputReal);
  }

  Path outputReal() {
    return outputReal;
  }
}
