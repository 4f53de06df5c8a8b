package org.flyte.copilot.download;

import java.nio.file.Path;

/**
 * A place under the input directory: {@code text} is the path string Go's copilot computes (and
 * writes into {@code inputs.pb}/{@code inputs.json}), {@code path} the file system location.
 */
record LocalPath(String text, Path path) {
  @Override
  public String toString() {
    return text;
  }
}
