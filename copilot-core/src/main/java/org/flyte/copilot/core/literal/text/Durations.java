package org.flyte.copilot.core.literal.text;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flyte.copilot.core.literal.text.GoDurations;

/**
 * Duration output text: Go's {@code time.ParseDuration} ({@code 1h2m3s}, {@code 300ms}), plus (D11)
 * ISO-8601 ({@code PT1H2M}, {@code P1DT2H}, {@code -PT0.5S}) and Python's {@code str(timedelta)}
 * ({@code 2:03:04}, {@code 1 day, 2:03:04.500000}, {@code -1 day, 23:59:59}).
 */
public final class Durations {
  /** protobuf's Duration range: about ±10,000 years. */
  private static final long MAX_SECONDS = 315_576_000_000L;
  private static final Pattern ISO = Pattern.compile("[+-]?[Pp].*");
  private static final Pattern PYTHON = Pattern.compile(
      "(?:(-?\\d+) days?, )?(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?");

  private Durations() {}

  public static Duration parse(String s) {
    try {
      return Duration.ofNanos(GoDurations.parseNanos(s));
    } catch (IllegalArgumentException goError) {
      Duration other = null;
      if (ISO.matcher(s).matches()) {
        other = iso(s);
      } else {
        Matcher m = PYTHON.matcher(s);
        if (m.matches()) {
          other = python(m);
        }
      }
      if (other == null) {
        throw new ValueFormatException(goError.getMessage()
            + " (accepted: Go durations such as 300ms, -1.5h, 2h45m; ISO-8601 such as PT1H2M;"
            + " Python timedelta text such as 1 day, 2:03:04.5)");
      }
      if (Math.abs(other.getSeconds()) > MAX_SECONDS) {
        throw new ValueFormatException("duration " + GoStrings.quote(s) + " is out of range (more than 10000 years)");
      }
      return other;
    }
  }

  private static Duration iso(String s) {
    if (s.indexOf('T') < 0 && s.indexOf('t') < 0 && !s.matches("[+-]?[Pp]\\d+[Dd]")) {
      return null; // years, months or weeks have no fixed length
    }
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static Duration python(Matcher m) {
    BigInteger days = m.group(1) == null ? BigInteger.ZERO : new BigInteger(m.group(1));
    long hours = Long.parseLong(m.group(2));
    int minutes = Integer.parseInt(m.group(3));
    int seconds = Integer.parseInt(m.group(4));
    if (minutes > 59 || seconds > 59 || (m.group(1) != null && hours > 23)) {
      return null;
    }
    BigDecimal total = new BigDecimal(days.multiply(BigInteger.valueOf(86_400L)))
        .add(BigDecimal.valueOf(hours * 3600 + minutes * 60L + seconds));
    if (m.group(5) != null) {
      total = total.add(new BigDecimal("0." + m.group(5)));
    }
    BigDecimal[] parts = total.divideAndRemainder(BigDecimal.ONE);
    if (parts[0].abs().compareTo(BigDecimal.valueOf(MAX_SECONDS + 1)) > 0) {
      return Duration.ofSeconds(parts[0].signum() * (MAX_SECONDS + 1));
    }
    long secs = parts[0].longValueExact();
    long nanos = parts[1].movePointRight(9).longValue();
    return Duration.ofSeconds(secs, nanos);
  }
}
