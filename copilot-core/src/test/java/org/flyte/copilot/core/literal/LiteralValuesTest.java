package org.flyte.copilot.core.literal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** copilot run's input values: text reads as the sidecar reads an output file; typed YAML values as themselves. */
class LiteralValuesTest {
  private final LiteralValues values = new LiteralValues((variable, local) -> {
    throw new AssertionError("no blob in these tests");
  }, Path.of("."));

  private static LiteralType simple(SimpleType t) {
    return LiteralType.newBuilder().setSimple(t).build();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "INTEGER  | 42",
    "INTEGER  | -7",
    "INTEGER  | +7",
    "FLOAT    | 2.5",
    "FLOAT    | 1e3",
    "FLOAT    | inf",
    "FLOAT    | NaN",
    "BOOLEAN  | true",
    "BOOLEAN  | True",
    "BOOLEAN  | f",
    "BOOLEAN  | 1",
    "BOOLEAN  | yes",
    "BOOLEAN  | tRuE",
    "DATETIME | 2024-01-02T03:04:05Z",
    "DATETIME | 2024-01-02T03:04:05.5+02:00",
    "DATETIME | 2024-01-02 03:04:05",
    "DURATION | 1h30m",
    "DURATION | 1.5s",
    "DURATION | -90ms",
    "STRING   | hello",
  })
  void text_readsAsTheSidecarReadsAnOutputFile(SimpleType t, String text) {
    assertThat(values.fromText("v", text, simple(t))).isEqualTo(SimpleValues.fromText(t, text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "INTEGER  | 1.5        | input \"v\": expected int, got [\"1.5\"]: an integer is needed",
    "INTEGER  | x1         | input \"v\": expected int, got [\"x1\"]: an integer is needed",
    "FLOAT    | 1f         | input \"v\": expected float, got [\"1f\"]: a float is needed",
    "FLOAT    | 0x         | input \"v\": expected float, got [\"0x\"]: a float is needed",
    "BOOLEAN  | maybe      | input \"v\": expected bool, got [\"maybe\"]: true or false is needed",
    "DATETIME | 2024-13-01 | input \"v\": expected datetime, got [\"2024-13-01\"]: an RFC 3339 datetime such as 2024-01-02T03:04:05Z is needed",
  })
  void badText_namesTheVariableTheTypeAndTheValue(SimpleType t, String text, String message) {
    assertThatThrownBy(() -> values.fromText("v", text, simple(t))).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "90   | 90  | 0",
    "1.5  | 1   | 500000000",
    "-1.5 | -1  | -500000000",
  })
  void durationAsABareNumber_isSeconds_withSecondsAndNanosOfOneSign(String number, long seconds, int nanos)
      throws Exception {
    Literal typed = values.from("d", new com.fasterxml.jackson.databind.ObjectMapper().readTree(number),
        simple(SimpleType.DURATION));
    Literal typedIn = values.fromText("d", number, simple(SimpleType.DURATION));
    for (Literal l : new Literal[] {typed, typedIn}) {
      com.google.protobuf.Duration d = l.getScalar().getPrimitive().getDuration();
      assertThat(d.getSeconds()).isEqualTo(seconds);
      assertThat(d.getNanos()).isEqualTo(nanos);
    }
  }

  @org.junit.jupiter.api.Test
  void yamlNumbersAndBooleans_areTakenAsTheyAre() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(values.from("v", json.readTree("5"), simple(SimpleType.INTEGER))).isEqualTo(Scalars.integer(5));
    assertThat(values.from("v", json.readTree("5"), simple(SimpleType.FLOAT))).isEqualTo(Scalars.floatValue(5.0));
    assertThat(values.from("v", json.readTree("false"), simple(SimpleType.BOOLEAN))).isEqualTo(Scalars.bool(false));
  }
}
