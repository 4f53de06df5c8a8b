package org.flyte.copilot.upload.parse;

/**
 * Go's {@code strconv.ParseFloat(s, 64)} (CONTRACT.md B.4): decimal or hexadecimal ({@code 0x1p-2},
 * exponent required) literals, underscores only between digits, {@code inf}/{@code infinity} with an
 * optional sign and {@code nan}, case-insensitive; an overflow is "value out of range".
 */
public final class GoFloats {
  private GoFloats() {}

  public static double parse(String s) {
    Double special = special(s);
    if (special != null) {
      return special;
    }
    String normal = normalise(s);
    if (normal == null) {
      throw syntax(s);
    }
    double d;
    try {
      d = Double.parseDouble(normal);
    } catch (NumberFormatException e) {
      throw syntax(s);
    }
    if (Double.isInfinite(d)) {
      throw new ValueFormatException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": value out of range");
    }
    return d;
  }

  private static Double special(String s) {
    String body = s;
    int sign = 1;
    boolean signed = false;
    if (!body.isEmpty() && (body.charAt(0) == '+' || body.charAt(0) == '-')) {
      sign = body.charAt(0) == '-' ? -1 : 1;
      body = body.substring(1);
      signed = true;
    }
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (!signed && body.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return null;
  }

  /**
   * The literal without underscores, in a form {@link Double#parseDouble} reads identically, or
   * null when Go would reject its syntax.
   */
  private static String normalise(String s) {
    int i = 0;
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      out.append(s.charAt(i));
      i++;
    }
    boolean hex = false;
    if (i + 2 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
      hex = true;
      out.append("0x");
      i += 2;
    }
    boolean digits = false;
    boolean dot = false;
    boolean underscores = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
      } else if (c == '.') {
        if (dot) {
          return null;
        }
        dot = true;
        out.append(c);
      } else if (isDigit(c, hex)) {
        digits = true;
        out.append(c);
      } else {
        break;
      }
    }
    if (!digits) {
      return null;
    }
    boolean exponent = false;
    char expChar = hex ? 'p' : 'e';
    if (i < n && Character.toLowerCase(s.charAt(i)) == expChar) {
      exponent = true;
      out.append(expChar);
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        out.append(s.charAt(i));
        i++;
      }
      boolean expDigits = false;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c == '_') {
          underscores = true;
        } else if (c >= '0' && c <= '9') {
          expDigits = true;
          out.append(c);
        } else {
          break;
        }
      }
      if (!expDigits) {
        return null;
      }
    }
    if (i != n || (hex && !exponent)) {
      return null;
    }
    if (underscores && !underscoresBetweenDigits(s)) {
      return null;
    }
    return out.toString();
  }

  private static boolean isDigit(char c, boolean hex) {
    return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
  }

  /** Go's rule: an underscore must sit between digits (a base prefix counts as a digit). */
  private static boolean underscoresBetweenDigits(String s) {
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      i = 1;
    }
    char saw = '^';
    boolean hex = false;
    if (s.length() - i >= 2 && s.charAt(i) == '0' && "xXbBoO".indexOf(s.charAt(i + 1)) >= 0) {
      hex = s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X';
      i += 2;
      saw = '0';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isDigit(c, hex)) {
        saw = '0';
      } else if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
      } else {
        if (saw == '_') {
          return false;
        }
        saw = '!';
      }
    }
    return saw != '_';
  }

  private static ValueFormatException syntax(String s) {
    return new ValueFormatException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
  }
}
