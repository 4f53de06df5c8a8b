package org.flyte.copilot.core.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** Reference-string arithmetic with Go {@code net/url} semantics (docs/compatibility.md, "References"). */
final class References {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*:.*", Pattern.DOTALL);
  private static final String HEX = "0123456789ABCDEF";

  private References() {}

  static String construct(String base, String... keys) {
    String b = base.endsWith("/") ? base : base + "/";
    String scheme = "";
    String authority = null;
    String basePath = b;
    var m = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):(.*)$", Pattern.DOTALL).matcher(b);
    if (m.matches()) {
      scheme = m.group(1);
      basePath = m.group(2);
    }
    if (basePath.startsWith("//")) {
      int slash = basePath.indexOf('/', 2);
      authority = slash < 0 ? basePath.substring(2) : basePath.substring(2, slash);
      basePath = slash < 0 ? "" : basePath.substring(slash);
    }
    basePath = stripQueryAndFragment(basePath);
    basePath = escapeInvalid(basePath, b);

    StringBuilder joined = new StringBuilder();
    for (String k : keys) {
      String t = DataReference.trimSlashes(k);
      if (joined.length() > 0) {
        joined.append('/');
      }
      joined.append(t);
    }
    String rel = joined.toString();
    if (SCHEME.matcher(rel).matches()) {
      validateEscapes(rel, rel);
      return rel; // Go parses a leading "x:" segment as a scheme: the result is the key itself.
    }
    String relFirst = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
    if (relFirst.contains(":")) {
      throw new InvalidReferenceException(rel, "first path segment in URL cannot contain colon");
    }
    String fragment = null;
    int hash = rel.indexOf('#');
    if (hash >= 0) {
      fragment = rel.substring(hash + 1);
      rel = rel.substring(0, hash);
    }
    String query = null;
    int q = rel.indexOf('?');
    if (q >= 0) {
      query = rel.substring(q + 1);
      rel = rel.substring(0, q);
    }
    rel = escapeInvalid(rel, String.join("/", keys));

    String full;
    if (rel.isEmpty()) {
      full = basePath;
    } else {
      full = basePath.substring(0, basePath.lastIndexOf('/') + 1) + rel;
    }
    String path = removeDotSegments(full);

    StringBuilder out = new StringBuilder();
    if (!scheme.isEmpty()) {
      out.append(scheme).append(':');
    }
    if (authority != null) {
      out.append("//").append(authority);
    }
    out.append(path);
    if (query != null) {
      out.append('?').append(query);
    }
    if (fragment != null) {
      out.append('#').append(fragment);
    }
    return out.toString();
  }

  private static String stripQueryAndFragment(String p) {
    int i = p.indexOf('?');
    int j = p.indexOf('#');
    int cut = i < 0 ? j : (j < 0 ? i : Math.min(i, j));
    return cut < 0 ? p : p.substring(0, cut);
  }

  /** Go's resolvePath: merge, remove dot segments, always rooted, trailing slash kept. */
  static String removeDotSegments(String full) {
    if (full.isEmpty()) {
      return "/";
    }
    String[] parts = full.split("/", -1);
    Deque<String> out = new ArrayDeque<>();
    boolean trailingSlash = false;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      boolean last = i == parts.length - 1;
      if (p.equals(".") || p.equals("..")) {
        if (p.equals("..") && !out.isEmpty()) {
          out.removeLast();
        }
        if (last) {
          trailingSlash = true;
        }
        continue;
      }
      if (p.isEmpty()) {
        if (last) {
          trailingSlash = true;
        }
        continue;
      }
      out.addLast(p);
    }
    StringBuilder b = new StringBuilder("/");
    b.append(String.join("/", out));
    if (trailingSlash && b.length() > 1) {
      b.append('/');
    }
    return b.toString();
  }

  /** Percent-encodes characters that cannot stand in an escaped path, and checks existing escapes. */
  static String escapeInvalid(String s, String forError) {
    validateEscapes(s, forError);
    StringBuilder b = new StringBuilder();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c == '%' || isValidPathChar(c)) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      }
    }
    return b.toString();
  }

  static void validateEscapes(String s, String forError) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%') {
        if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          String bad = s.substring(i, Math.min(s.length(), i + 3));
          throw new InvalidReferenceException(forError, "invalid URL escape \"" + bad + "\"");
        }
      }
    }
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isValidPathChar(int c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "-_.~!$&'()*+,;=:@/[]".indexOf(c) >= 0;
  }

  /** Encodes a decoded key for a reference string: Go's path escaping. */
  static String encodePath(String key) {
    StringBuilder b = new StringBuilder();
    for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      }
    }
    return b.toString();
  }
}
