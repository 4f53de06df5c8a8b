package org.flyte.copilot.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoDurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "1500, 1.5µs",
    "1000, 1µs",
    "1500000, 1.5ms",
    "1000000, 1ms",
    "1500000000, 1.5s",
    "60000000000, 1m0s",
    "3600000000000, 1h0m0s",
    "3723000000000, 1h2m3s",
    "3723004000000, 1h2m3.004s",
    "93600000000000, 26h0m0s",
    "-1000000000, -1s",
    "-1, -1ns",
    "9223372036854775807, 2562047h47m16.854775807s",
    "-9223372036854775808, -2562047h47m16.854775808s",
  })
  void format_matchesGoDurationString(long nanos, String expected) {
    assertThat(GoDurations.format(nanos)).isEqualTo(expected);
  }

  @Test
  void saturatedNanos_clampsToInt64() {
    assertThat(GoDurations.saturatedNanos(Long.MAX_VALUE, 0)).isEqualTo(Long.MAX_VALUE);
    assertThat(GoDurations.saturatedNanos(Long.MIN_VALUE, 0)).isEqualTo(Long.MIN_VALUE);
    assertThat(GoDurations.saturatedNanos(3723, 4_000_000)).isEqualTo(3723004000000L);
  }

  @ParameterizedTest
  @CsvSource({"1h2m3s, 3723000000000", "-1.5h, -5400000000000", ".5s, 500000000", "+5s, 5000000000",
      "300ms, 300000000", "1us, 1000", "1µs, 1000", "1μs, 1000", "0, 0"})
  void parse_acceptsGoSyntax(String text, long nanos) {
    assertThat(GoDurations.parseNanos(text)).isEqualTo(nanos);
  }

  @Test
  void parse_rejectsBadText() {
    assertThatThrownBy(() -> GoDurations.parseNanos("")).hasMessage("time: invalid duration \"\"");
    assertThatThrownBy(() -> GoDurations.parseNanos("5")).hasMessage("time: missing unit in duration \"5\"");
    assertThatThrownBy(() -> GoDurations.parseNanos("1d")).hasMessage("time: unknown unit \"d\" in duration \"1d\"");
  }
}
