package org.flyte.copilot.download;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps variable names, map keys, collection entries and object keys to places under the input
 * directory, and refuses every name that would leave it or overwrite the metadata files (D12):
 * empty names, {@code .}, {@code ..}, names containing {@code /} or NUL. It also remembers what it
 * handed out, so two inputs can never claim the same file, or a file and a directory the same path.
 * Not thread-safe: the planner and the listing feeder use it from one thread.
 */
final class InputPaths {
  /** Names a top-level variable may not have: the metadata files the download writes. */
  static final Set<String> RESERVED = Set.of("inputs.pb", "inputs.json", "inputs.yaml");

  private final LocalPath root;
  private final Map<String, String> claims = new HashMap<>();

  InputPaths(String rootText, Path root) {
    this.root = new LocalPath(rootText, root);
  }

  LocalPath root() {
    return root;
  }

  /** The place of top-level variable {@code name}. */
  LocalPath variable(String name) {
    checkName(name, name, "variable name");
    if (RESERVED.contains(name)) {
      throw DownloadException.invalid(name, null, DownloadException.about(name) + "the name [" + name
          + "] is reserved for the metadata file the download writes; rename the input");
    }
    return child(root, name);
  }

  /**
   * The place of {@code name} (a map key, a collection entry or a file name) inside {@code parent}.
   *
   * @param variable the top-level variable, for the error message
   * @param what what {@code name} is, for the error message ("map key", "file name", ...)
   */
  LocalPath child(LocalPath parent, String name, String variable, String what) {
    checkName(variable, name, what);
    return child(parent, name);
  }

  private LocalPath child(LocalPath parent, String name) {
    return new LocalPath(GoPaths.join(parent.text(), name), parent.path().resolve(name));
  }

  /**
   * The place of an object of a multipart blob, {@code relativeKey} being its key below the blob's
   * prefix: empty and {@code .} segments are dropped (as Go's path cleaning does), {@code ..} is refused.
   */
  LocalPath descendant(LocalPath dir, String relativeKey, String variable, String objectRef) {
    LocalPath p = dir;
    for (String segment : relativeKey.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..") || segment.indexOf('\0') >= 0) {
        throw DownloadException.invalid(variable, objectRef, DownloadException.about(variable) + "object "
            + objectRef + " has the key segment [" + printable(segment) + "], which would leave " + dir.text());
      }
      p = child(p, segment);
    }
    if (p == dir) {
      throw DownloadException.invalid(variable, objectRef, DownloadException.about(variable) + "object "
          + objectRef + " has no name below its prefix");
    }
    return p;
  }

  /** Records that a file will be written at {@code p}; fails if the path, or an ancestor, is already taken. */
  void claimFile(LocalPath p, String variable, String source) {
    claim(p, variable, source, false);
  }

  /** Records a directory at {@code p}; directories may be claimed repeatedly. */
  void claimDirectory(LocalPath p, String variable, String source) {
    claim(p, variable, source, true);
  }

  private void claim(LocalPath p, String variable, String source, boolean directory) {
    String key = p.path().toString();
    String previous = claims.get(key);
    if (previous != null && !(directory && previous.startsWith("dir:"))) {
      throw conflict(p, variable, source, previous);
    }
    for (Path a = p.path().getParent(); a != null && !a.equals(root.path()); a = a.getParent()) {
      String ancestor = claims.get(a.toString());
      if (ancestor != null && !ancestor.startsWith("dir:")) {
        throw conflict(p, variable, source, ancestor);
      }
      if (ancestor != null) {
        break;
      }
      claims.put(a.toString(), "dir:" + source);
    }
    claims.put(key, (directory ? "dir:" : "file:") + source);
  }

  private static DownloadException conflict(LocalPath p, String variable, String source, String previous) {
    String other = previous.substring(previous.indexOf(':') + 1);
    return DownloadException.invalid(variable, source, DownloadException.about(variable) + source
        + " and " + other + " both map to the local path " + p.text());
  }

  private static void checkName(String variable, String name, String what) {
    String why = null;
    if (name.isEmpty()) {
      why = "it is empty";
    } else if (name.equals(".") || name.equals("..")) {
      why = "it is a relative path step";
    } else if (name.indexOf('/') >= 0) {
      why = "it contains '/'";
    } else if (name.indexOf('\0') >= 0) {
      why = "it contains a NUL character";
    }
    if (why != null) {
      throw DownloadException.invalid(variable, null, DownloadException.about(variable) + what + " ["
          + printable(name) + "] cannot be used as a file name: " + why);
    }
  }

  private static String printable(String s) {
    return s.replace("\0", "\\0");
  }
}
