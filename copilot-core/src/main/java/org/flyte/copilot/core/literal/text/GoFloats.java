package org.flyte.copilot.core.literal.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go float64 text. Parsing is {@code strconv.ParseFloat(s, 64)} (docs/compatibility.md, "Go text formats"):
 * decimal or
 * hexadecimal ({@code 0x1p-2}, exponent required) literals, underscores only between digits,
 * {@code inf}/{@code infinity} with an optional sign and {@code nan}, case-insensitive; an overflow
 * is "value out of range". Formatting is {@code strconv.FormatFloat}: the renderings of doubles with the shortest digits that round-trip
 * (docs/compatibility.md, "Go text formats"): the download file text ({@code 'f'}), the {@code
 * encoding/json} number
 * and the {@code 'g'} form yaml.v2 uses.
 *
 * <p>Java 17's {@code Double.toString} does not always produce the shortest digits, so the digits
 * are generated here: for each precision from 1 up, the two decimals of that precision around the
 * exact binary value are tried; the first precision with a candidate that parses back to the same
 * value wins, the nearest candidate (ties to even) when both do, as Go's algorithm chooses.
 */
public final class GoFloats {
  private GoFloats() {}

  /** Shortest decimal digits {@code d1 d2 … dn} (no leading or trailing zeros) with value {@code 0.d1…dn × 10^dp}. */
  record Digits(String digits, int dp) {}

  /** Download file text: {@code 1}, {@code 0.0000001}, {@code 1000000000000000000000}, {@code NaN}, {@code +Inf}, {@code -Inf}, {@code -0}. */
  public static String fileText(double v) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    StringBuilder b = signed(v);
    appendF(b, shortest(Math.abs(v), false));
    return b.toString();
  }

  /** Go's text of NaN and the infinities. */
  private static String nonFinite(double v) {
    return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
  }

  /** A builder holding the sign of {@code v}: {@code -} for negatives and negative zero. */
  private static StringBuilder signed(double v) {
    StringBuilder b = new StringBuilder();
    if (isNegative(v)) {
      b.append('-');
    }
    return b;
  }

  /**
   * The number {@code encoding/json} writes for a finite float64: plain digits, or exponent form
   * when {@code |v| < 1e-6} or {@code |v| >= 1e21} ({@code 1e-7}, {@code 1e+21}).
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot represent
   */
  public static String json(double v) {
    return json(v, false);
  }

  /** As {@link #json(double)} for a float32 value (Go's 32-bit rendering). */
  public static String json32(float v) {
    return json(v, true);
  }

  private static String json(double v, boolean single) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("json: unsupported value: " + nonFinite(v));
    }
    double abs = Math.abs(v);
    boolean exp = abs != 0 && (single ? ((float) abs < 1e-6f || (float) abs >= 1e21f) : (abs < 1e-6 || abs >= 1e21));
    StringBuilder b = signed(v);
    Digits d = shortest(abs, single);
    if (!exp) {
      appendF(b, d);
      return b.toString();
    }
    appendE(b, d);
    // encoding/json trims one leading zero of a negative two-digit exponent: e-07 becomes e-7
    int n = b.length();
    if (n >= 4 && b.charAt(n - 4) == 'e' && b.charAt(n - 3) == '-' && b.charAt(n - 2) == '0') {
      b.deleteCharAt(n - 2);
    }
    return b.toString();
  }

  /** {@code strconv.FormatFloat(v, 'g', -1, 64)}: exponent form when the exponent is below -4 or at least 6. */
  public static String formatG(double v) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    StringBuilder b = signed(v);
    Digits d = shortest(Math.abs(v), false);
    int exp = d.digits().isEmpty() ? 0 : d.dp() - 1;
    if (exp < -4 || exp >= 6) {
      appendE(b, d);
    } else {
      appendF(b, d);
    }
    return b.toString();
  }

  private static boolean isNegative(double v) {
    return Double.doubleToRawLongBits(v) < 0;
  }

  /** Shortest round-trip digits of a non-negative finite value; zero has no digits. */
  static Digits shortest(double abs, boolean single) {
    if (abs == 0) {
      return new Digits("", 0);
    }
    BigDecimal exact = new BigDecimal(abs);
    int maxPrecision = single ? 9 : 17;
    for (int p = 1; p <= maxPrecision; p++) {
      BigDecimal down = exact.round(new MathContext(p, RoundingMode.DOWN));
      BigDecimal up = exact.round(new MathContext(p, RoundingMode.UP));
      boolean okDown = roundTrips(down, abs, single);
      boolean okUp = roundTrips(up, abs, single);
      BigDecimal chosen;
      if (okDown && okUp) {
        chosen = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      } else if (okDown) {
        chosen = down;
      } else if (okUp) {
        chosen = up;
      } else {
        continue;
      }
      return toDigits(chosen);
    }
    return toDigits(exact.round(new MathContext(maxPrecision, RoundingMode.HALF_EVEN)));
  }

  private static boolean roundTrips(BigDecimal candidate, double abs, boolean single) {
    if (single) {
      return candidate.floatValue() == (float) abs;
    }
    return candidate.doubleValue() == abs;
  }

  private static Digits toDigits(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    String digits = s.unscaledValue().toString();
    return new Digits(digits, digits.length() - s.scale());
  }

  /** Go's fmtF with the shortest precision. */
  private static void appendF(StringBuilder b, Digits d) {
    String ds = d.digits();
    int nd = ds.length();
    int dp = d.dp();
    if (dp > 0) {
      int m = Math.min(nd, dp);
      b.append(ds, 0, m);
      for (; m < dp; m++) {
        b.append('0');
      }
    } else {
      b.append('0');
    }
    int prec = Math.max(nd - dp, 0);
    if (prec > 0) {
      b.append('.');
      for (int i = 1; i <= prec; i++) {
        int j = dp + i - 1;
        b.append(j >= 0 && j < nd ? ds.charAt(j) : '0');
      }
    }
  }

  /** Go's fmtE with the shortest precision: {@code d.ddde±XX}, at least two exponent digits. */
  private static void appendE(StringBuilder b, Digits d) {
    String ds = d.digits();
    int nd = ds.length();
    b.append(nd == 0 ? '0' : ds.charAt(0));
    if (nd > 1) {
      b.append('.').append(ds, 1, nd);
    }
    b.append('e');
    int exp = nd == 0 ? 0 : d.dp() - 1;
    if (exp < 0) {
      b.append('-');
      exp = -exp;
    } else {
      b.append('+');
    }
    if (exp < 10) {
      b.append('0');
    }
    b.append(exp);
  }

  /** Go's {@code strconv.ParseFloat(s, 64)}; errors use Go's texts. */
  public static double parse(String s) {
    Double special = special(s);
    if (special != null) {
      return special;
    }
    double d = parseNormal(s);
    if (Double.isNaN(d)) {
      throw syntax(s);
    }
    if (Double.isInfinite(d)) {
      throw new ValueFormatException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": value out of range");
    }
    return d;
  }

  /** Whether {@link #parse} accepts {@code s}, without the cost of an exception (yaml.v2's resolver asks this). */
  public static boolean isFloat(String s) {
    if (special(s) != null) {
      return true;
    }
    double d = parseNormal(s);
    return !Double.isNaN(d) && !Double.isInfinite(d);
  }

  /** The value of a non-special literal, NaN for a syntax error (a NaN literal is special). */
  private static double parseNormal(String s) {
    String normal = normalise(s);
    if (normal == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(normal);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
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
    int n = s.length();
    Copy copy = new Copy(s);
    copy.sign();
    boolean hex = false;
    if (copy.i + 2 < n && s.charAt(copy.i) == '0' && (s.charAt(copy.i + 1) == 'x' || s.charAt(copy.i + 1) == 'X')) {
      hex = true;
      copy.out.append("0x");
      copy.i += 2;
    }
    if (!copy.digits(hex, true)) {
      return null;
    }
    boolean exponent = false;
    char expChar = hex ? 'p' : 'e';
    if (copy.i < n && Character.toLowerCase(s.charAt(copy.i)) == expChar) {
      exponent = true;
      copy.out.append(expChar);
      copy.i++;
      copy.sign();
      if (!copy.digits(false, false)) {
        return null;
      }
    }
    if (copy.i != n || (hex && !exponent)) {
      return null;
    }
    if (copy.underscores && !underscoresBetweenDigits(s)) {
      return null;
    }
    return copy.out.toString();
  }

  /** Walks a float literal, copying what it accepts into {@code out} without underscores. */
  private static final class Copy {
    private final String s;
    final StringBuilder out;
    int i;
    boolean underscores;

    Copy(String s) {
      this.s = s;
      this.out = new StringBuilder(s.length());
    }

    /** Copies a '+' or '-' if one is next. */
    void sign() {
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        out.append(s.charAt(i++));
      }
    }

    /**
     * Copies a run of digits, with at most one '.' when {@code dotAllowed}; false when the run holds
     * no digit or a second '.'.
     */
    boolean digits(boolean hex, boolean dotAllowed) {
      boolean digits = false;
      boolean dot = false;
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '_') {
          underscores = true;
        } else if (c == '.' && dotAllowed) {
          if (dot) {
            return false;
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
      return digits;
    }
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
