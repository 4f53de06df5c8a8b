package org.flyte.copilot.core.literal.text;

import java.math.BigInteger;
import java.time.Duration;

/** Go {@code time.Duration} text: formatting and parsing (docs/compatibility.md, "Go text formats"). */
public final class GoDurations {
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);

  private GoDurations() {}

  /** Nanoseconds of {@code seconds}+{@code nanos}, saturated to the int64 range as Go does. */
  public static long saturatedNanos(long seconds, int nanos) {
    BigInteger n = BigInteger.valueOf(seconds).multiply(BigInteger.valueOf(1_000_000_000L)).add(BigInteger.valueOf(nanos));
    if (n.compareTo(MAX_NANOS) > 0) {
      return Long.MAX_VALUE;
    }
    if (n.compareTo(MIN_NANOS) < 0) {
      return Long.MIN_VALUE;
    }
    return n.longValue();
  }

  /** Go's {@code Duration.String()} of a nanosecond count: {@code 1h2m3.5s}, {@code 1.5µs}, {@code 0s}. */
  public static String format(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    boolean neg = nanos < 0;
    // magnitude as unsigned; Long.MIN_VALUE stays representable through unsigned arithmetic
    long u = neg ? -nanos : nanos;
    StringBuilder out = new StringBuilder();
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      if (u < 1_000L) {
        out.append(u).append("ns");
      } else if (u < 1_000_000L) {
        out.append(fraction(u, 3)).append('µ').append('s');
      } else {
        out.append(fraction(u, 6)).append("ms");
      }
    } else {
      long secNanos = Long.remainderUnsigned(u, 1_000_000_000L);
      long totalSec = Long.divideUnsigned(u, 1_000_000_000L);
      long h = totalSec / 3600;
      long m = (totalSec / 60) % 60;
      long s = totalSec % 60;
      if (h > 0) {
        out.append(h).append('h');
      }
      if (h > 0 || m > 0) {
        out.append(m).append('m');
      }
      out.append(s);
      if (secNanos != 0) {
        String f = String.format("%09d", secNanos);
        out.append('.').append(stripTrailingZeros(f));
      }
      out.append('s');
    }
    return neg ? "-" + out : out.toString();
  }

  private static String fraction(long v, int digits) {
    long div = (long) Math.pow(10, digits);
    long whole = v / div;
    long frac = v % div;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String f = String.format("%0" + digits + "d", frac);
    return whole + "." + stripTrailingZeros(f);
  }

  private static String stripTrailingZeros(String f) {
    int end = f.length();
    while (end > 0 && f.charAt(end - 1) == '0') {
      end--;
    }
    return f.substring(0, end);
  }

  /** Parses Go duration syntax ({@code 300ms}, {@code -1.5h}, {@code 2h45m}, {@code 0}). */
  public static Duration parse(String s) {
    return Duration.ofNanos(parseNanos(s));
  }

  /** Parses Go duration syntax into nanoseconds; errors use Go's texts. */
  public static long parseNanos(String orig) {
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(orig);
    }
    BigInteger total = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        i++;
      }
      String whole = s.substring(start, i);
      String frac = "";
      boolean dot = false;
      if (i < s.length() && s.charAt(i) == '.') {
        dot = true;
        i++;
        int fs = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
          i++;
        }
        frac = s.substring(fs, i);
      }
      if (whole.isEmpty() && frac.isEmpty()) {
        throw invalid(orig);
      }
      int us = i;
      while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
        i++;
      }
      String unit = s.substring(us, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(orig));
      }
      long unitNanos = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new IllegalArgumentException(
            "time: unknown unit " + quote(unit) + " in duration " + quote(orig));
      };
      BigInteger v = new BigInteger(whole.isEmpty() ? "0" : whole).multiply(BigInteger.valueOf(unitNanos));
      if (dot && !frac.isEmpty()) {
        BigInteger scale = BigInteger.TEN.pow(frac.length());
        v = v.add(new BigInteger(frac).multiply(BigInteger.valueOf(unitNanos)).divide(scale));
      }
      total = total.add(v);
      if (total.compareTo(neg ? MAX_NANOS.add(BigInteger.ONE) : MAX_NANOS) > 0) {
        throw invalid(orig);
      }
    }
    return neg ? total.negate().longValue() : total.longValue();
  }

  private static IllegalArgumentException invalid(String orig) {
    return new IllegalArgumentException("time: invalid duration " + quote(orig));
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
