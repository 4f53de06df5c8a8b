package org.flyte.copilot.core.literal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoFloatsTest {

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "0.3, 0.3",
    "3.14, 3.14",
    "123456789.123, 123456789.123",
    "1e21, 1000000000000000000000",
    "1e-7, 0.0000001",
    "0.1, 0.1",
    "100, 100",
    "-2.5, -2.5",
    "0, 0",
    "-0.0, -0",
    "2.03435109300230688E17, 203435109300230700",
    "1e23, 100000000000000000000000",
  })
  void fileText_isShortestPlainDecimal(double v, String expected) {
    assertThat(GoFloats.fileText(v)).isEqualTo(expected);
  }

  @Test
  void fileText_smallestSubnormal_hasNoExponent() {
    assertThat(GoFloats.fileText(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
  }

  @Test
  void fileText_maxFloat64_hasNoExponent() {
    assertThat(GoFloats.fileText(Double.MAX_VALUE)).isEqualTo("17976931348623157" + "0".repeat(292));
  }

  @Test
  void fileText_specialValues() {
    assertThat(GoFloats.fileText(Double.NaN)).isEqualTo("NaN");
    assertThat(GoFloats.fileText(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoFloats.fileText(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void fileText_java17ToStringIsNotShortestButOursIs() {
    double v = 2.03435109300230688E17;
    assertThat(Double.parseDouble(GoFloats.fileText(v))).isEqualTo(v);
    assertThat(GoFloats.fileText(v)).hasSize(18);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "3.14, 3.14",
    "1e21, 1e+21",
    "1.5e21, 1.5e+21",
    "1e20, 100000000000000000000",
    "1e-7, 1e-7",
    "1.5e-7, 1.5e-7",
    "1e-10, 1e-10",
    "0.000001, 0.000001",
    "5e-324, 5e-324",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "-0.0, -0",
    "-1e-7, -1e-7",
    "1.2e-100, 1.2e-100",
  })
  void json_usesGoEncodingJsonNumbers(double v, String expected) {
    assertThat(GoFloats.json(v)).isEqualTo(expected);
  }

  @Test
  void json_rejectsNonFinite() {
    assertThatThrownBy(() -> GoFloats.json(Double.NaN)).hasMessage("json: unsupported value: NaN");
  }

  @Test
  void json32_usesFloat32Digits() {
    assertThat(GoFloats.json32(0.1f)).isEqualTo("0.1");
    assertThat(GoFloats.json32(1e-7f)).isEqualTo("1e-7");
    assertThat(GoFloats.json32(16777216f)).isEqualTo("16777216");
  }

  @ParameterizedTest
  @CsvSource({
    "1000000, 1e+06",
    "100000, 100000",
    "1e-7, 1e-07",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "123456789.5, 1.234567895e+08",
    "1e21, 1e+21",
    "3.14, 3.14",
    "-0.1, -0.1",
    "1e100, 1e+100",
    "5e-324, 5e-324",
  })
  void formatG_matchesGoPercentG(double v, String expected) {
    assertThat(GoFloats.formatG(v)).isEqualTo(expected);
  }

  @Test
  void shortestDigits_roundTripForRandomDoubles() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String text = GoFloats.fileText(d);
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(d);
      String plain = new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
      // never longer than what Java's own (round-tripping) conversion gives
      assertThat(digits(text)).as(text).isLessThanOrEqualTo(digits(plain));
    }
  }

  private static int digits(String plain) {
    return new BigDecimal(plain).stripTrailingZeros().precision();
  }
}
