package org.flyte.copilot.core.literal.text;

/** Go's {@code strconv.ParseInt(s, 10, 64)}: optional sign, ASCII decimal digits, int64 range. */
public final class GoInts {
  private GoInts() {}

  public static long parse(String s) {
    int i = 0;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    if (i == s.length()) {
      throw syntax(s);
    }
    long limit = neg ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long acc = 0; // accumulated negatively so that Long.MIN_VALUE fits
    boolean overflow = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw syntax(s);
      }
      int d = c - '0';
      if (!overflow) {
        if (acc < Long.MIN_VALUE / 10 || acc * 10 < limit + d) {
          overflow = true;
        } else {
          acc = acc * 10 - d;
        }
      }
    }
    if (overflow) {
      throw new ValueFormatException("strconv.ParseInt: parsing " + GoStrings.quote(s) + ": value out of range");
    }
    return neg ? acc : -acc;
  }

  private static ValueFormatException syntax(String s) {
    return new ValueFormatException("strconv.ParseInt: parsing " + GoStrings.quote(s) + ": invalid syntax");
  }
}
