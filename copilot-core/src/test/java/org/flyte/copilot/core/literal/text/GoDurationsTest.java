package org.flyte.copilot.core.literal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "1, 1ns",
    "1500, 1.5µs",
    "1500000, 1.5ms",
    "1000000, 1ms",
    "1500000000, 1.5s",
    "60000000000, 1m0s",
    "3600000000000, 1h0m0s",
    "93600000000000, 26h0m0s",
    "3723004000000, 1h2m3.004s",
    "-1000000000, -1s",
    "9223372036854775807, 2562047h47m16.854775807s",
    "-9223372036854775808, -2562047h47m16.854775808s",
  })
  void format_matchesGo(long nanos, String text) {
    assertThat(GoDurations.format(nanos)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "300ms, 300000000",
    "-1.5h, -5400000000000",
    "2h45m, 9900000000000",
    "1h2m3s, 3723000000000",
    "1us, 1000",
    "1µs, 1000",
    "1μs, 1000",
    "0, 0",
    ".5s, 500000000",
    "+5s, 5000000000",
    "1h0m0s, 3600000000000",
  })
  void parse_acceptsGoSyntax(String text, long nanos) {
    assertThat(GoDurations.parseNanos(text)).isEqualTo(nanos);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''|time: invalid duration \"\"",
    "1|time: missing unit in duration \"1\"",
    "1d|time: unknown unit \"d\" in duration \"1d\"",
    "1 h|time: unknown unit \" h\" in duration \"1 h\"",
    "h|time: invalid duration \"h\"",
    "3000000h|time: invalid duration \"3000000h\"",
  })
  void parse_rejectsWithGoText(String text, String message) {
    assertThatThrownBy(() -> GoDurations.parseNanos(text)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0", "1, 500, 1000000500", "9223372037, 0, 9223372036854775807",
      "-9223372037, 0, -9223372036854775808"})
  void saturatedNanos_clampsToInt64(long seconds, int nanos, long expected) {
    assertThat(GoDurations.saturatedNanos(seconds, nanos)).isEqualTo(expected);
  }
}
