package org.flyte.copilot.core.literal.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Datetime output text: RFC 3339 as Go's {@code time.Parse(time.RFC3339, s)} reads it
 * ({@code 2006-01-02T15:04:05[.frac](Z|±07:00)}), plus (D11) no offset meaning UTC, and the space
 * separator Python's {@code str(datetime)} uses. Fractions beyond nanoseconds are truncated, as in Go.
 */
public final class Datetimes {
  private static final Pattern RFC3339 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))?");

  private Datetimes() {}

  public static Instant parse(String s) {
    Matcher m = RFC3339.matcher(s);
    if (!m.matches()) {
      throw invalid(s, "expected RFC 3339 such as 2006-01-02T15:04:05Z, 2006-01-02T15:04:05.5+02:00"
          + " or 2006-01-02T15:04:05 (read as UTC)");
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = Integer.parseInt(m.group(6));
    int nanos = 0;
    if (m.group(7) != null) {
      String frac = m.group(7).length() > 9 ? m.group(7).substring(0, 9) : m.group(7);
      nanos = Integer.parseInt((frac + "000000000").substring(0, 9));
    }
    ZoneOffset offset = ZoneOffset.UTC;
    if (m.group(9) != null) {
      int oh = Integer.parseInt(m.group(10));
      int om = Integer.parseInt(m.group(11));
      if (oh > 23 || om > 59) {
        throw invalid(s, "time zone offset out of range");
      }
      int total = oh * 3600 + om * 60;
      offset = ZoneOffset.ofTotalSeconds(m.group(9).equals("-") ? -total : total);
    }
    if (month < 1 || month > 12) {
      throw invalid(s, "month out of range");
    }
    if (hour > 23) {
      throw invalid(s, "hour out of range");
    }
    if (minute > 59) {
      throw invalid(s, "minute out of range");
    }
    if (second > 59) {
      throw invalid(s, "second out of range");
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw invalid(s, "day out of range");
    }
    return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos)).toInstant(offset);
  }

  private static ValueFormatException invalid(String s, String why) {
    return new ValueFormatException("parsing time " + GoStrings.quote(s) + ": " + why);
  }
}
