package org.flyte.copilot.core.storage;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The objects of a listing, fetched page by page as they are iterated: {@code pages} is asked for the
 * page after a continuation token (null for the first page) until one is the last.
 */
public final class PagedListing implements Iterator<ObjectInfo> {
  private final Function<String, ListPage> pages;
  private List<ObjectInfo> page = List.of();
  private int index;
  private String token;
  private boolean done;

  public PagedListing(Function<String, ListPage> pages) {
    this.pages = pages;
  }

  @Override
  public boolean hasNext() {
    while (index >= page.size() && !done) {
      ListPage next = pages.apply(token);
      page = next.objects();
      index = 0;
      token = next.nextToken();
      done = next.isLast();
    }
    return index < page.size();
  }

  @Override
  public ObjectInfo next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.get(index++);
  }
}
