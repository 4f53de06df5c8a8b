package org.flyte.copilot.core.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A reference to an object in a store, split as Flyte splits it (CONTRACT.md §5.5): the URL scheme, the
 * container (bucket, the URL host) and the key (the URL path without leading and trailing slashes,
 * percent-decoded). Immutable.
 */
public record DataReference(String scheme, String container, String key) {

  public DataReference {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(key, "key");
  }

  /** Splits {@code reference}; a reference that is not a URL fails naming it. */
  public static DataReference parse(String reference) {
    Objects.requireNonNull(reference, "reference");
    URI uri;
    try {
      uri = new URI(reference);
    } catch (URISyntaxException e) {
      // Go's url.Parse accepts spaces and other unescaped characters in paths; be as lenient.
      try {
        uri = new URI(escapeLenient(reference));
      } catch (URISyntaxException again) {
        throw new InvalidReferenceException(reference, again.getReason());
      }
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    String host = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
    String rawPath = uri.getRawPath();
    if (rawPath == null) {
      // opaque URI such as "a:b": Go keeps the opaque part; we treat it as key
      rawPath = uri.getRawSchemeSpecificPart();
    }
    String key = trimSlashes(rawPath);
    try {
      key = URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidReferenceException(reference, "invalid URL escape in path");
    }
    return new DataReference(scheme, host, key);
  }

  /**
   * Joins {@code keys} onto {@code base} as Flyte's ConstructReference does: every key is trimmed of
   * slashes, the joined relative reference is resolved against {@code base + "/"} per RFC 3986.
   */
  public static String construct(String base, String... keys) {
    return References.construct(base, keys);
  }

  /** The reference in its canonical string form, {@code scheme://container/key}. */
  public String toUri() {
    StringBuilder b = new StringBuilder();
    if (!scheme.isEmpty()) {
      b.append(scheme).append("://").append(container);
    } else if (!container.isEmpty()) {
      b.append("//").append(container);
    }
    b.append('/').append(References.encodePath(key));
    return b.toString();
  }

  /** This reference with {@code child} (a slash-separated relative key) appended to its key. */
  public DataReference child(String child) {
    String c = trimSlashes(child);
    if (c.isEmpty()) {
      return this;
    }
    return new DataReference(scheme, container, key.isEmpty() ? c : key + "/" + c);
  }

  /** The key as a directory prefix: empty, or the key followed by exactly one {@code /}. */
  public String keyPrefix() {
    return key.isEmpty() ? "" : key + "/";
  }

  public DataReference withContainer(String newContainer) {
    return new DataReference(scheme, newContainer, key);
  }

  @Override
  public String toString() {
    return toUri();
  }

  static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String escapeLenient(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == ' ') {
        b.append("%20");
      } else if (c == '%' ) {
        b.append('%');
      } else if (c < 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
          || c == '{' || c == '|' || c == '}') {
        b.append(String.format("%%%02X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
