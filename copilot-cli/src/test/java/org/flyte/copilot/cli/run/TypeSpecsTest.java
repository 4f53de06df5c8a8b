package org.flyte.copilot.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.flyte.copilot.core.literal.LiteralTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeSpecsTest {
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "int; int",
      "file[csv]; file[csv]",
      "dir; dir",
      "dataset[parquet]; dataset[parquet]",
      "list[ int ]; list[int]",
      "dict[str, list[float]]; dict[str, list[float]]",
      "optional[str]; union[str, none]",
      "union[int, str, bool]; union[int, str, bool]",
      "enum[red, green , blue]; enum[red, green, blue]"})
  void parse_readsBracketedArguments(String text, String specName) {
    assertThat(LiteralTypes.specName(TypeSpecs.parse(text))).isEqualTo(specName);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "Integer; int", "double; float", "string; str", "boolean; bool", "datetime; datetime",
      "timedelta; duration", "json; struct", "dataclass; struct", "bytes; binary", "none; none",
      "BLOB; file", "directory; dir", "dataframe; dataset[]", "map[str, int]; dict[str, int]"})
  void parse_knowsTheAliases(String text, String specName) {
    assertThat(LiteralTypes.specName(TypeSpecs.parse(text))).isEqualTo(specName);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "nope; unknown type name \"nope\" (known: int, float, str, bool, datetime, duration, struct, binary, file, dir, "
          + "dataset, list[T], dict[str, T], optional[T], union[...], enum[...]) at position 4",
      "list[int; expected ']' at position 8",
      "union[]; expected a type name at position 6",
      "enum[a,]; expected a type name at position 7",
      "list[int, str]; list takes one type argument at position 14"})
  void parse_refusesBadBrackets(String text, String why) {
    assertThatThrownBy(() -> TypeSpecs.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type \"" + text + "\": " + why);
  }
}
