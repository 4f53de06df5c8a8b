package org.flyte.copilot.core.storage;

import java.util.List;

/** One page of a recursive listing; {@code nextToken} is null on the last page. */
public record ListPage(List<ObjectInfo> objects, String nextToken) {
  public ListPage {
    objects = List.copyOf(objects);
  }

  public boolean isLast() {
    return nextToken == null;
  }
}
