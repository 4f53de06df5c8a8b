package org.flyte.copilot.upload.locate;

import org.flyte.copilot.upload.read.RawKeys;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.flyte.copilot.upload.locate.UploadPlan.FileUpload;
import org.flyte.copilot.upload.read.RawKeys;

/**
 * The regular files below a directory output, depth first in name order, each with the reference
 * it is stored at ({@code <reference>/<nested path>}). Lists without following symlinks; a symlink
 * is followed only to a real path inside the output directory, and a directory met twice on one
 * branch is a loop. Holds one listing per directory level, never the tree's files.
 */
public final class TreeWalk implements Iterator<FileUpload> {
  /** A directory being listed: its entry, its path segments below the tree, the names not yet visited. */
  private record Level(Entry dir, List<String> segments, Iterator<String> names) {}

  private final Site site;
  private final String reference;
  private final OutputLocator locator;
  private final Deque<Level> stack = new ArrayDeque<>();
  private final Set<Path> ancestors = new HashSet<>();
  private FileUpload next;

  TreeWalk(Site site, Entry dir, String reference, OutputLocator locator) {
    this.site = site;
    this.reference = reference;
    this.locator = locator;
    push(dir, List.of());
  }

  private void push(Entry dir, List<String> segments) {
    if (!ancestors.add(dir.real())) {
      throw site.fail(dir.path() + " is a symlink loop");
    }
    stack.push(new Level(dir, segments, locator.list(dir, site::fail).iterator()));
  }

  @Override
  public boolean hasNext() {
    while (next == null && !stack.isEmpty()) {
      Level level = stack.peek();
      if (!level.names().hasNext()) {
        stack.pop();
        ancestors.remove(level.dir().real());
        continue;
      }
      String name = level.names().next();
      Path shown = level.dir().path().resolve(name);
      Entry child = locator.child(level.dir(), name, site::fail)
          .orElseThrow(() -> site.fail(shown + " disappeared while being read"));
      List<String> segments = new ArrayList<>(level.segments().size() + 1);
      segments.addAll(level.segments());
      segments.add(name);
      if (child.directory()) {
        push(child, segments);
      } else if (child.regular()) {
        next = new FileUpload(site.variable(), shown, child.real(), RawKeys.child(reference, segments, site),
            locator.volume());
      } else {
        throw site.fail(shown + " is not a regular file (a socket, pipe or device)");
      }
    }
    return next != null;
  }

  @Override
  public FileUpload next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    FileUpload n = next;
    next = null;
    return n;
  }
}
