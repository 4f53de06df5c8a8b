package org.flyte.copilot.core.literal.text;

/**
 * Go's two ways of quoting a string: {@code strconv.Quote} (rejected text in error messages) and
 * {@code encoding/json} (JSON documents). Both share one escaping loop; they differ only in the
 * characters each escapes and how.
 */
public final class GoStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoStrings() {}

  /** {@code "text"} as {@code strconv.Quote} writes it: quotes, backslashes and control characters escaped. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    append(b, s, false);
    return b.toString();
  }

  /** {@code s} as a JSON string literal, quotes included, as {@code json.Marshal} writes it. */
  public static String jsonQuote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    appendJsonQuoted(b, s);
    return b.toString();
  }

  /**
   * Appends {@code s} quoted the way {@code json.Marshal} does: {@code \"}, {@code \\}, the short
   * escapes for newline, carriage return, tab, backspace and form feed, other control characters,
   * {@code < > &} and U+2028/U+2029 as six-character hex escapes (lower-case), and an unpaired
   * surrogate (invalid UTF-8 to Go) as the escape of U+FFFD.
   */
  public static void appendJsonQuoted(StringBuilder b, String s) {
    append(b, s, true);
  }

  private static void append(StringBuilder b, String s, boolean json) {
    b.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (json) {
            appendJsonChar(b, s, i, c);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
              i++;
            }
          } else {
            appendGoChar(b, c);
          }
        }
      }
    }
    b.append('"');
  }

  private static void appendJsonChar(StringBuilder b, String s, int i, char c) {
    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
      b.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
      b.append(c).append(s.charAt(i + 1));
    } else if (Character.isSurrogate(c)) {
      b.append("\\ufffd");
    } else {
      b.append(c);
    }
  }

  private static void appendGoChar(StringBuilder b, char c) {
    switch (c) {
      case 0x07 -> b.append("\\a");
      case 0x0b -> b.append("\\v");
      default -> {
        if (c < 0x20 || c == 0x7f) {
          b.append("\\x").append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
        } else {
          b.append(c);
        }
      }
    }
  }
}
