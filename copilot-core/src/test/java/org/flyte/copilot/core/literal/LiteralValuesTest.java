package org.flyte.copilot.core.literal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
    "INTEGER  | int      | 1.5",
    "INTEGER  | int      | x1",
    "FLOAT    | float    | 1f",
    "FLOAT    | float    | 0x",
    "BOOLEAN  | bool     | maybe",
    "DATETIME | datetime | 2024-13-01",
    "DURATION | duration | 5 parsecs",
  })
  void badText_failsWithTheSidecarsWords_namingTheVariableTheTypeAndTheValue(SimpleType t, String spec, String text) {
    String sidecar = catchThrowable(() -> SimpleValues.fromText(t, text)).getMessage();
    assertThat(sidecar).isNotBlank();
    assertThatThrownBy(() -> values.fromText("v", text, simple(t)))
        .hasMessage("input \"v\": expected " + spec + ", got [\"" + text + "\"]: " + sidecar);
  }

  @org.junit.jupiter.api.Test
  void badText_example() {
    assertThatThrownBy(() -> values.fromText("n", "x1", simple(SimpleType.INTEGER))).hasMessage(
        "input \"n\": expected int, got [\"x1\"]: failed to parse integer value: strconv.ParseInt: parsing \"x1\": "
            + "invalid syntax");
  }

  @org.junit.jupiter.api.Test
  void yamlValueOfTheWrongKind_isRefused() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThatThrownBy(() -> values.from("b", json.readTree("[1]"), simple(SimpleType.BOOLEAN)))
        .hasMessage("input \"b\": expected bool, got [[1]]: expected true or false, found an array");
    assertThatThrownBy(() -> values.from("n", json.readTree("null"), simple(SimpleType.INTEGER)))
        .hasMessage("input \"n\": expected int, got [null]: a value is needed");
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
