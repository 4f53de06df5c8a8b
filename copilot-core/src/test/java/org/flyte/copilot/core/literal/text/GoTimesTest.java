package org.flyte.copilot.core.literal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoTimesTest {

  @ParameterizedTest
  @CsvSource({
    "1577934245, 0, 2020-01-02T03:04:05Z",
    "1577934245, 600000000, 2020-01-02T03:04:05.6Z",
    "1577934245, 123456789, 2020-01-02T03:04:05.123456789Z",
    "1577934245, 1000, 2020-01-02T03:04:05.000001Z",
    "0, 0, 1970-01-01T00:00:00Z",
    "-1, 0, 1969-12-31T23:59:59Z",
    "1, -1, 1970-01-01T00:00:00.999999999Z",
    "0, 1500000000, 1970-01-01T00:00:01.5Z",
    "-62135596800, 0, 0001-01-01T00:00:00Z",
    "253402300799, 999999999, 9999-12-31T23:59:59.999999999Z",
    "253402300800, 0, 10000-01-01T00:00:00Z",
    "-62167219200, 0, 0000-01-01T00:00:00Z",
    "-62198755200, 0, -0001-01-01T00:00:00Z",
    "951782400, 0, 2000-02-29T00:00:00Z",
  })
  void rfc3339Nano_formatsUtc(long seconds, int nanos, String expected) {
    assertThat(GoTimes.rfc3339Nano(seconds, nanos)).isEqualTo(expected);
  }

  @Test
  void rfc3339Nano_agreesWithJavaTimeOnDateFields() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      long s = r.nextLong(-62135596800L, 253402300799L);
      ZonedDateTime t = Instant.ofEpochSecond(s).atZone(ZoneOffset.UTC);
      String expected = String.format("%04d-%02d-%02dT%02d:%02d:%02dZ", t.getYear(), t.getMonthValue(),
          t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
      assertThat(GoTimes.rfc3339Nano(s, 0)).isEqualTo(expected);
    }
  }
}
