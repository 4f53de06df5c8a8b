package org.flyte.copilot.core.literal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the download needs beyond {@link GoDurationsTest}: saturation and a few more Go texts. */
class GoDurationsSaturationTest {

  @Test
  void saturatedNanos_clampsToInt64() {
    assertThat(GoDurations.saturatedNanos(Long.MAX_VALUE, 0)).isEqualTo(Long.MAX_VALUE);
    assertThat(GoDurations.saturatedNanos(Long.MIN_VALUE, 0)).isEqualTo(Long.MIN_VALUE);
    assertThat(GoDurations.saturatedNanos(3723, 4_000_000)).isEqualTo(3723004000000L);
    assertThat(GoDurations.saturatedNanos(-1, -500_000_000)).isEqualTo(-1_500_000_000L);
  }

  @ParameterizedTest
  @CsvSource({"1000, 1µs", "-1, -1ns", "3723000000000, 1h2m3s", "1001, 1.001µs", "59999999999, 59.999999999s"})
  void format_moreGoTexts(long nanos, String expected) {
    assertThat(GoDurations.format(nanos)).isEqualTo(expected);
  }
}
