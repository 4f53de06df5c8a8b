package org.flyte.copilot.core.literal.text;

/**
 * Go {@code time.RFC3339Nano} text of a protobuf Timestamp in UTC (docs/compatibility.md, "Go text formats"):
 * {@code 2020-01-02T03:04:05Z}, {@code 2020-01-02T03:04:05.6Z}, {@code …05.123456789Z}.
 *
 * <p>Like Flyte 2 (which converts without validating), any seconds value is formatted: years
 * beyond 9999 get more digits, years before 1 a minus sign and four digits ({@code -0001}); nanos
 * outside {@code [0, 1e9)} carry into the seconds as Go's {@code time.Unix} does.
 */
public final class GoTimes {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private GoTimes() {}

  /** RFC3339 with up to nine fractional digits, trailing zeros (and a bare dot) removed, always {@code Z}. */
  public static String rfc3339Nano(long seconds, int nanos) {
    long sec = seconds + Math.floorDiv(nanos, NANOS_PER_SECOND);
    long nano = Math.floorMod(nanos, NANOS_PER_SECOND);
    long days = Math.floorDiv(sec, 86_400L);
    long secOfDay = Math.floorMod(sec, 86_400L);

    // days since 1970-01-01 to a proleptic Gregorian civil date (H. Hinnant's algorithm)
    long z = days + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

    StringBuilder b = new StringBuilder(35);
    appendYear(b, year);
    b.append('-');
    pad2(b, month);
    b.append('-');
    pad2(b, day);
    b.append('T');
    pad2(b, secOfDay / 3600);
    b.append(':');
    pad2(b, (secOfDay / 60) % 60);
    b.append(':');
    pad2(b, secOfDay % 60);
    if (nano != 0) {
      String f = Long.toString(nano + NANOS_PER_SECOND).substring(1);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(f, 0, end);
    }
    return b.append('Z').toString();
  }

  /** Go's appendInt(year, 4): sign, then at least four digits. */
  private static void appendYear(StringBuilder b, long year) {
    long u = year;
    if (year < 0) {
      b.append('-');
      u = -year;
    }
    String digits = Long.toString(u);
    for (int i = digits.length(); i < 4; i++) {
      b.append('0');
    }
    b.append(digits);
  }

  private static void pad2(StringBuilder b, long v) {
    if (v < 10) {
      b.append('0');
    }
    b.append(v);
  }
}
