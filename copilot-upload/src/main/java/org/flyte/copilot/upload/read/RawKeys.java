package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Site;

import java.util.List;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InvalidReferenceException;
import org.flyte.copilot.core.literal.text.GoStrings;
import org.flyte.copilot.upload.locate.Site;

/**
 * Raw-data references of uploaded files, built with Flyte's ConstructReference (§3.5). Characters
 * that reference syntax would misread ({@code %}, {@code ?}, {@code #}, {@code :}) are escaped
 * first, so the stored key is exactly the local name.
 */
public final class RawKeys {
  private RawKeys() {}

  /**
   * {@code ConstructReference(base, segments...)}, always below {@code base}. A segment that is empty,
   * {@code .} or {@code ..}, or holds {@code /}, is refused: it would not name its own object, so two
   * values could end up sharing one (a map key {@code ../x} beside an output {@code x}).
   */
  public static String child(String base, List<String> segments, Site site) {
    String[] escaped = new String[segments.size()];
    for (int i = 0; i < escaped.length; i++) {
      String segment = segments.get(i);
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('/') >= 0) {
        throw site.fail("the name " + GoStrings.quote(segment) + " cannot be part of an object key under " + base
            + ": a map key or output name that is empty, \".\" or \"..\", or holds \"/\", would not get an object"
            + " of its own (two values could share one); rename it");
      }
      escaped[i] = escape(segment);
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
