package org.flyte.copilot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class PagedListingTest {
  private static ObjectInfo object(String key) {
    return new ObjectInfo(new DataReference("s3", "bucket", key), 1, "");
  }

  @Test
  void followsTheTokensPastEmptyPagesToTheLastPage() {
    Map<String, ListPage> pages = Map.of(
        "first", new ListPage(List.of(object("a"), object("b")), "t1"),
        "t1", new ListPage(List.of(), "t2"),
        "t2", new ListPage(List.of(object("c")), null));
    List<String> asked = new ArrayList<>();
    PagedListing listing = new PagedListing(token -> {
      asked.add(token == null ? "first" : token);
      return pages.get(token == null ? "first" : token);
    });

    List<String> keys = new ArrayList<>();
    listing.forEachRemaining(o -> keys.add(o.reference().key()));

    assertThat(keys).containsExactly("a", "b", "c");
    assertThat(asked).containsExactly("first", "t1", "t2");
    assertThat(listing.hasNext()).isFalse();
    assertThatThrownBy(listing::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void asksForNothingBeforeTheFirstHasNext() {
    List<String> asked = new ArrayList<>();
    PagedListing listing = new PagedListing(token -> {
      asked.add(String.valueOf(token));
      return new ListPage(List.of(), null);
    });

    assertThat(asked).isEmpty();
    assertThat(listing.hasNext()).isFalse();
    assertThat(asked).containsExactly("null");
  }
}
