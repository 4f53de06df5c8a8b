package org.flyte.copilot.core.format;

import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;
import org.flyte.copilot.core.literal.text.GoFloats;

/**
 * yaml.v2's implicit-type resolution of plain scalars (resolve.go, v2.4.0), used to decide whether a
 * string may be written unquoted, and Go {@code strconv} number syntax it depends on.
 */
final class YamlResolver {
  private static final Set<String> RESOLVE_MAP = Set.of(
      "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
      "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
      "", "~", "null", "Null", "NULL",
      ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
      "<<");
  private static final Pattern YAML_STYLE_FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern BASE60_FLOAT =
      Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private YamlResolver() {}

  /** True when yaml.v2 marshals {@code s} as a plain scalar candidate: it resolves to a string and is no base-60 float. */
  static boolean canUsePlain(String s) {
    return resolvesToString(s) && !isBase60Float(s);
  }

  static boolean resolvesToString(String in) {
    if (RESOLVE_MAP.contains(in)) {
      return false;
    }
    char c = in.charAt(0);
    if (c == '.') {
      return !GoFloats.isFloat(in);
    }
    if (c == '+' || c == '-' || (c >= '0' && c <= '9')) {
      if (isTimestamp(in)) {
        return false;
      }
      String plain = in.replace("_", "");
      if (parseInt(plain, 0, true) != null || parseInt(plain, 0, false) != null) {
        return false;
      }
      if (YAML_STYLE_FLOAT.matcher(plain).matches() && GoFloats.isFloat(plain)) {
        return false;
      }
      if (plain.startsWith("0b")) {
        String digits = plain.substring(2);
        if (parseInt(digits, 2, true) != null || parseInt(digits, 2, false) != null) {
          return false;
        }
      } else if (plain.startsWith("-0b")) {
        if (parseInt("-" + plain.substring(3), 2, true) != null) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean isBase60Float(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || s.indexOf(':') < 0) {
      return false;
    }
    return BASE60_FLOAT.matcher(s).matches();
  }

  /**
   * Go's {@code ParseInt(s, base, 64)} ({@code signed}) or {@code ParseUint(s, base, 64)}; base 0
   * reads the {@code 0x}, {@code 0o}, {@code 0b} and legacy {@code 0} prefixes. Null when Go would
   * fail. Underscores are not accepted (callers remove them first, as yaml.v2 does).
   */
  static BigInteger parseInt(String s, int base, boolean signed) {
    if (s.isEmpty()) {
      return null;
    }
    boolean neg = false;
    if (signed && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
      if (s.isEmpty()) {
        return null;
      }
    }
    if (base == 0) {
      base = 10;
      if (s.charAt(0) == '0') {
        char p = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : 0;
        if (p == 'b') {
          base = 2;
          s = s.substring(2);
        } else if (p == 'o') {
          base = 8;
          s = s.substring(2);
        } else if (p == 'x') {
          base = 16;
          s = s.substring(2);
        } else {
          base = 8;
          s = s.substring(1);
        }
      }
    }
    BigInteger v = BigInteger.ZERO;
    BigInteger b = BigInteger.valueOf(base);
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 36);
      if (s.charAt(i) > 'z' || d < 0 || d >= base) {
        return null;
      }
      v = v.multiply(b).add(BigInteger.valueOf(d));
    }
    if (neg) {
      v = v.negate();
    }
    if (signed) {
      return v.compareTo(INT64_MIN) < 0 || v.compareTo(INT64_MAX) > 0 ? null : v;
    }
    return v.compareTo(UINT64_MAX) > 0 ? null : v;
  }

  /** yaml.v2's parseTimestamp: {@code YYYY-M-D}, with {@code T}/{@code t}/spaces and a time, as Go's {@code time.Parse} accepts them. */
  static boolean isTimestamp(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i != 4 || i == s.length() || s.charAt(i) != '-') {
      return false;
    }
    return new TimestampParser(s).parse('T', true) || new TimestampParser(s).parse('t', true)
        || new TimestampParser(s).parse(' ', false) || new TimestampParser(s).parseDateOnly();
  }

  /** Go's {@code time.Parse} for the four layouts yaml.v2 tries, reduced to success or failure. */
  private static final class TimestampParser {
    private final String s;
    private int p;
    private int year;
    private int month;
    private int day;

    TimestampParser(String s) {
      this.s = s;
    }

    boolean parseDateOnly() {
      return date() && p == s.length() && dayValid();
    }

    /** {@code 2006-1-2<sep>15:4:5.999999999[Z07:00]}. */
    boolean parse(char sep, boolean zone) {
      if (!date()) {
        return false;
      }
      if (sep == ' ') {
        if (p < s.length() && s.charAt(p) != ' ') {
          return false;
        }
        while (p < s.length() && s.charAt(p) == ' ') {
          p++;
        }
      } else if (!literal(sep)) {
        return false;
      }
      int hour = num(false);
      if (hour < 0 || hour >= 24 || !literal(':')) {
        return false;
      }
      int minute = num(false);
      if (minute < 0 || minute >= 60 || !literal(':')) {
        return false;
      }
      int second = num(false);
      if (second < 0 || second >= 60) {
        return false;
      }
      if (p + 1 < s.length() && (s.charAt(p) == '.' || s.charAt(p) == ',') && isDigit(p + 1)) {
        p++;
        while (p < s.length() && isDigit(p)) {
          p++;
        }
      }
      if (zone) {
        if (p < s.length() && s.charAt(p) == 'Z') {
          p++;
        } else {
          if (s.length() - p < 6 || s.charAt(p + 3) != ':') {
            return false;
          }
          char sign = s.charAt(p);
          if (!isDigit(p + 1) || !isDigit(p + 2) || !isDigit(p + 4) || !isDigit(p + 5)) {
            return false;
          }
          int hr = (s.charAt(p + 1) - '0') * 10 + (s.charAt(p + 2) - '0');
          int mm = (s.charAt(p + 4) - '0') * 10 + (s.charAt(p + 5) - '0');
          if (hr > 24 || mm > 60 || (sign != '+' && sign != '-')) {
            return false;
          }
          p += 6;
        }
      }
      return p == s.length() && dayValid();
    }

    private boolean date() {
      year = Integer.parseInt(s.substring(0, 4));
      p = 4;
      if (!literal('-')) {
        return false;
      }
      month = num(false);
      if (month < 1 || month > 12 || !literal('-')) {
        return false;
      }
      day = num(false);
      return day >= 0;
    }

    private boolean dayValid() {
      if (day < 1) {
        return false;
      }
      int max = switch (month) {
        case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        case 4, 6, 9, 11 -> 30;
        default -> 31;
      };
      return day <= max;
    }

    private boolean literal(char c) {
      if (p < s.length() && s.charAt(p) == c) {
        p++;
        return true;
      }
      return false;
    }

    /** Go's getnum(value, false): one or two digits, or -1. */
    private int num(boolean fixed) {
      if (!isDigit(p)) {
        return -1;
      }
      if (!isDigit(p + 1)) {
        if (fixed) {
          return -1;
        }
        return s.charAt(p++) - '0';
      }
      int v = (s.charAt(p) - '0') * 10 + (s.charAt(p + 1) - '0');
      p += 2;
      return v;
    }

    private boolean isDigit(int i) {
      return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }
  }
}
