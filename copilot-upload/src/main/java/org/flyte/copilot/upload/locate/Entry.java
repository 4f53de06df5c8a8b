package org.flyte.copilot.upload.locate;

import java.nio.file.Path;

/**
 * A file or directory found in the output directory: the path as found (for messages and relative
 * names), its real path, which {@link OutputLocator} has checked lies inside the output directory
 * and which holds no symlink, and what it was when found.
 */
public record Entry(Path path, Path real, boolean directory, boolean regular) {
  @Override
  public String toString() {
    return path.toString();
  }
}
