package org.flyte.copilot.download;

/** Go's {@code path} package on strings: Clean, Join and Base (slash-separated, lexical only). */
final class GoPaths {
  private GoPaths() {}

  /** {@code path.Join(elem...)}: joins the non-empty elements with slashes and cleans the result. */
  static String join(String... elems) {
    StringBuilder b = new StringBuilder();
    for (String e : elems) {
      if (e.isEmpty()) {
        continue;
      }
      if (b.length() > 0) {
        b.append('/');
      }
      b.append(e);
    }
    return b.length() == 0 ? "" : clean(b.toString());
  }

  /** {@code path.Clean}: the shortest equivalent path; {@code .} for an empty result. */
  static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.charAt(0) == '/';
    String[] parts = p.split("/");
    java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
    for (String part : parts) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.addLast("..");
        }
        continue;
      }
      out.addLast(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /** {@code path.Base}: the last element, trailing slashes ignored; {@code .} for empty, {@code /} for all slashes. */
  static String base(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    int end = p.length();
    while (end > 0 && p.charAt(end - 1) == '/') {
      end--;
    }
    if (end == 0) {
      return "/";
    }
    int start = p.lastIndexOf('/', end - 1) + 1;
    return p.substring(start, end);
  }
}
