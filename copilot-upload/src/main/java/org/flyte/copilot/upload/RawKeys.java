package org.flyte.copilot.upload;

import java.util.List;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InvalidReferenceException;

/**
 * Raw-data references of uploaded files, built with Flyte's ConstructReference (§3.5). Characters
 * that reference syntax would misread ({@code %}, {@code ?}, {@code #}, {@code :}) are escaped
 * first, so the stored key is exactly the local name.
 */
final class RawKeys {
  private RawKeys() {}

  /** {@code ConstructReference(base, segments...)}, always below {@code base}. */
  static String child(String base, List<String> segments, Site site) {
    String[] escaped = new String[segments.size()];
    for (int i = 0; i < escaped.length; i++) {
      escaped[i] = escape(segments.get(i));
    }
    String ref;
    try {
      ref = DataReference.construct(base, escaped);
    } catch (InvalidReferenceException e) {
      throw site.fail("cannot build a reference under " + base + " for " + String.join("/", segments) + ": "
          + e.getMessage());
    }
    if (!ref.startsWith(DataReference.construct(base))) {
      throw site.fail("the name " + String.join("/", segments) + " does not stay under " + base);
    }
    return ref;
  }

  private static String escape(String segment) {
    StringBuilder b = new StringBuilder(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      switch (c) {
        case '%' -> b.append("%25");
        case '?' -> b.append("%3F");
        case '#' -> b.append("%23");
        case ':' -> b.append("%3A");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
