package org.flyte.copilot.core.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A reference to an object in a store, split as Flyte splits it (docs/compatibility.md, "References"): the
 * URL scheme, the
 * container (bucket, the URL host) and the key (the URL path without leading and trailing slashes,
 * percent-decoded). The raw query string (without {@code ?}) is kept for HTTP(S) references, where it
 * is part of the address (signed URLs); object-store backends ignore it, as Go does. Immutable.
 */
public record DataReference(String scheme, String container, String key, String query) {
  /** Query parameters whose values are credentials (signed URLs); {@link #toString} hides them. */
  private static final java.util.Set<String> SECRET_PARAMS = java.util.Set.of(
      "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature",
      "x-goog-credential", "signature", "sig", "awsaccesskeyid", "token", "access_token");

  private static final java.util.regex.Pattern SECRET_PARAM_IN_TEXT = java.util.regex.Pattern.compile(
      "([?&](?:" + String.join("|", SECRET_PARAMS.stream().map(java.util.regex.Pattern::quote).toList())
          + ")=)(?:[^&\\s\"'<>\\[\\]:]|:(?!\\s|$))*", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * {@code text} with the values of credential-bearing URL query parameters (signed URLs) replaced
   * by REDACTED wherever they appear: the last gate before a message is logged or stored.
   */
  public static String redactText(String text) {
    if (text == null) {
      return null;
    }
    String t = SECRET_PARAM_IN_TEXT.matcher(text).replaceAll("$1REDACTED");
    return USERINFO_PASSWORD.matcher(t).replaceAll("$1REDACTED@");
  }

  /** {@code scheme://user:password@host}: the password part. */
  private static final java.util.regex.Pattern USERINFO_PASSWORD =
      java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@\\s:]*:)[^@/\\s]*@");

  public DataReference {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(key, "key");
    query = query == null ? "" : query;
  }

  /** A reference without a query string. */
  public DataReference(String scheme, String container, String key) {
    this(scheme, container, key, "");
  }

  /** Splits {@code reference}; a reference that is not a URL fails naming it. */
  public static DataReference parse(String reference) {
    Objects.requireNonNull(reference, "reference");
    int end = reference.length();
    for (char stop : new char[] {'?', '#'}) {
      int i = reference.indexOf(stop);
      end = i >= 0 ? Math.min(end, i) : end;
    }
    References.validateEscapes(reference.substring(0, end), reference);
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
    if ((scheme.equals("abfs") || scheme.equals("abfss")) && uri.getRawUserInfo() != null) {
      // abfs://container@account.dfs.core.windows.net/key: the container is the user name (Flyte 2);
      // the account comes from the store's configuration, as in Flyte
      String user = uri.getRawUserInfo();
      host = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    }
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
    boolean web = scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    String query = !web || uri.getRawQuery() == null ? "" : uri.getRawQuery();
    return new DataReference(scheme, host, key, query);
  }

  /**
   * Joins {@code keys} onto {@code base} as Flyte's ConstructReference does: every key is trimmed of
   * slashes, the joined relative reference is resolved against {@code base + "/"} per RFC 3986.
   */
  public static String construct(String base, String... keys) {
    return References.construct(base, keys);
  }

  /** The reference in its canonical string form, {@code scheme://container/key[?query]}. */
  public String toUri() {
    return format(query);
  }

  private String format(String q) {
    StringBuilder b = new StringBuilder();
    if (!scheme.isEmpty()) {
      b.append(scheme).append("://").append(container);
    } else if (!container.isEmpty()) {
      b.append("//").append(container);
    }
    b.append('/').append(References.encodePath(key));
    if (!q.isEmpty()) {
      b.append('?').append(q);
    }
    return b.toString();
  }

  /** This reference with {@code child} (a slash-separated relative key) appended to its key; no query. */
  public DataReference child(String child) {
    String c = trimSlashes(child);
    if (c.isEmpty()) {
      return this;
    }
    return new DataReference(scheme, container, key.isEmpty() ? c : key + "/" + c, "");
  }

  /** The key as a directory prefix: empty, or the key followed by exactly one {@code /}. */
  public String keyPrefix() {
    return key.isEmpty() ? "" : key + "/";
  }

  public DataReference withContainer(String newContainer) {
    return new DataReference(scheme, newContainer, key, query);
  }

  /** {@link #toUri()}, with the values of credential-bearing query parameters replaced by REDACTED. */
  @Override
  public String toString() {
    if (query.isEmpty()) {
      return container.contains("@") ? redactText(toUri()) : toUri();
    }
    StringBuilder q = new StringBuilder();
    for (String param : query.split("&", -1)) {
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      if (q.length() > 0) {
        q.append('&');
      }
      q.append(eq >= 0 && SECRET_PARAMS.contains(name.toLowerCase(java.util.Locale.ROOT))
          ? name + "=REDACTED" : param);
    }
    return format(q.toString());
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
