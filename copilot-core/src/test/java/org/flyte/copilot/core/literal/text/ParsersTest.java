package org.flyte.copilot.core.literal.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParsersTest {

  /** Go's strconv.NumError text for {@code text} given to strconv's {@code function}. */
  private static String numError(String function, String text, String reason) {
    return "strconv." + function + ": parsing " + GoStrings.quote(text) + ": " + reason;
  }

  @ParameterizedTest
  @CsvSource({"0,0", "42,42", "-7,-7", "+5,5", "007,7", "9223372036854775807,9223372036854775807",
      "-9223372036854775808,-9223372036854775808"})
  void goInts_accepts(String text, long expected) {
    assertThat(GoInts.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "+", "-", " 1", "1 ", "1_000", "0x10", "1.0", "1e3", "١"})
  void goInts_rejectsSyntax(String text) {
    assertThatThrownBy(() -> GoInts.parse(text))
        .hasMessage(numError("ParseInt", text, "invalid syntax"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "99999999999999999999999"})
  void goInts_rejectsRange(String text) {
    assertThatThrownBy(() -> GoInts.parse(text)).hasMessage(numError("ParseInt", text, "value out of range"));
  }

  @ParameterizedTest
  @CsvSource({"1,1", "1.5,1.5", ".5,0.5", "5.,5", "-2e3,-2000", "1E-2,0.01", "0x1p-2,0.25", "0X1.8P1,3",
      "1_000.5,1000.5", "0x_1p0,1", "1e-400,0", "+3,3"})
  void goFloats_accepts(String text, double expected) {
    assertThat(GoFloats.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"inf", "+Inf", "INFINITY", "-infinity", "NaN", "nan"})
  void goFloats_acceptsSpecials(String text) {
    double d = GoFloats.parse(text);
    assertThat(Double.isNaN(d) || Double.isInfinite(d)).isTrue();
    if (text.startsWith("-")) {
      assertThat(d).isNegative();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "e5", "1e", "0x1", "0x1.8", "1__0", "_1", "1_", "1.5f", "1d", " 1", "1 ", "+nan",
      "infin", "Infinityy", "1..2", "0x", "1_.5"})
  void goFloats_rejectsSyntax(String text) {
    assertThatThrownBy(() -> GoFloats.parse(text))
        .hasMessage(numError("ParseFloat", text, "invalid syntax"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e309", "0x1p2000"})
  void goFloats_rejectsRange(String text) {
    assertThatThrownBy(() -> GoFloats.parse(text)).hasMessageEndingWith(": value out of range");
  }

  @ParameterizedTest
  @CsvSource({"1,true", "t,true", "T,true", "TRUE,true", "true,true", "True,true", "tRuE,true", "yes,true", "YES,true",
      "0,false", "f,false", "F,false", "FALSE,false", "false,false", "False,false", "no,false", "No,false"})
  void booleans_acceptGoSpellingsAndD11Extras(String text, boolean expected) {
    assertThat(Booleans.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2", "y", "on", "truee", " true"})
  void booleans_rejectOthers(String text) {
    assertThatThrownBy(() -> Booleans.parse(text))
        .hasMessageStartingWith(numError("ParseBool", text, "invalid syntax"));
  }

  @ParameterizedTest
  @CsvSource({
      "2020-01-02T03:04:05Z,2020-01-02T03:04:05Z",
      "2020-01-02T03:04:05.6Z,2020-01-02T03:04:05.600Z",
      "2020-01-02T03:04:05.123456789Z,2020-01-02T03:04:05.123456789Z",
      "2020-01-02T03:04:05.1234567891Z,2020-01-02T03:04:05.123456789Z",
      "2020-01-02T03:04:05+02:00,2020-01-02T01:04:05Z",
      "2020-01-02T03:04:05-05:30,2020-01-02T08:34:05Z",
      "2020-01-02T03:04:05,2020-01-02T03:04:05Z",
      "2020-01-02 03:04:05.5,2020-01-02T03:04:05.500Z",
      "2024-02-29T00:00:00Z,2024-02-29T00:00:00Z"})
  void datetimes_rfc3339AndUtcWithoutOffset(String text, String expected) {
    assertThat(Datetimes.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
      "2020-13-01T00:00:00Z,month out of range",
      "2021-02-29T00:00:00Z,day out of range",
      "2020-01-01T24:00:00Z,hour out of range",
      "2020-01-01T00:60:00Z,minute out of range",
      "2020-01-01T00:00:60Z,second out of range",
      "2020-01-01T00:00:00+24:00,time zone offset out of range",
      "2020-1-01T00:00:00Z,expected RFC 3339",
      "20200101T000000Z,expected RFC 3339",
      "yesterday,expected RFC 3339"})
  void datetimes_rejectWithReason(String text, String reason) {
    assertThatThrownBy(() -> Datetimes.parse(text)).hasMessageContaining("parsing time \"" + text + "\": " + reason);
  }

  @ParameterizedTest
  @CsvSource({
      "0,0", "1h2m3s,3723000000000", "-1.5h,-5400000000000", "300ms,300000000", "1us,1000", "1µs,1000", "1μs,1000",
      ".5s,500000000", "+5s,5000000000", "2h45m,9900000000000",
      "PT1H2M,3720000000000", "P1DT2H,93600000000000", "-PT0.5S,-500000000", "pt10s,10000000000", "P2D,172800000000000",
      "2:03:04,7384000000000", "0:00:00.000001,1000", "'1 day, 2:03:04.500000',93784500000000",
      "'3 days, 0:00:00',259200000000000", "'-1 day, 23:59:59',-1000000000"})
  void durations_goIsoAndPython(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1d", "1 h", "P1M", "P1Y", "P1W", "1:2:3", "1:60:00", "1 day, 24:00:00", "PT", "abc"})
  void durations_rejectWithTheFormatsListed(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessageContaining("time: ")
        .hasMessageContaining("accepted: Go durations such as 300ms, -1.5h, 2h45m; ISO-8601 such as PT1H2M;"
            + " Python timedelta text such as 1 day, 2:03:04.5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807ns"})
  void durations_goUpperBound(String text) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808ns", "2562048h"})
  void durations_overflowIsAnError(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("time: invalid duration \"" + text + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-9223372036854775808ns"})
  void durations_goLowerBound(String text) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(Long.MIN_VALUE));
  }

  @ParameterizedTest
  @CsvSource({"a\"b\\c,\"a\\\"b\\\\c\"", "tab\there,\"tab\\there\""})
  void goStrings_quote(String in, String out) {
    assertThat(GoStrings.quote(in)).isEqualTo(out);
  }
}
