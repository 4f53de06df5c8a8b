package org.flyte.copilot.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected texts are yaml.v2 v2.4.0 outputs (its encode tests and docs/compatibility.md, "Metadata files"). */
class YamlWriterTest {

  private static String yaml(String key, JsonValue value) {
    return YamlWriter.write(JsonValue.object(Map.of(key, value)));
  }

  @Test
  void write_contractExample() {
    assertThat(YamlWriter.write(JsonWriterTest.contractExample())).isEqualTo(String.join("\n",
        "bin: aGk=",
        "blob: /var/inputs/blob",
        "bool: true",
        "dt: \"2020-01-02T03:04:05.6Z\"",
        "dur: 3723004000000",
        "emptylist: []",
        "f1: 1",
        "f2: 3.14",
        "f3: 1e+21",
        "f4: 1e-07",
        "generic:",
        "  a: 1.5",
        "  b: x",
        "int: 42",
        "list:",
        "- a",
        "- 1",
        "nested:",
        "  k: v",
        "none: null",
        "str: |-",
        "  hello",
        "  world",
        ""));
  }

  @Test
  void write_emptyMap() {
    assertThat(YamlWriter.write(JsonValue.object(Map.of()))).isEqualTo("{}\n");
    assertThat(yaml("m", JsonValue.object(Map.of()))).isEqualTo("m: {}\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "false | v: \"false\"",
    "10 | v: \"10\"",
    "`` | v: \"\"",
    "- | v: '-'",
    "1:1 | v: \"1:1\"",
    "你好 | v: 你好",
    "2015-02-24T18:19:39Z | v: \"2015-02-24T18:19:39Z\"",
    "2015-2-4 | v: \"2015-2-4\"",
    "2015-02-30 | v: 2015-02-30",
    "b: c | v: 'b: c'",
    "Hello #comment | v: 'Hello #comment'",
    "你好 #comment | v: '你好 #comment'",
    "<foo> | v: <foo>",
    "y | v: \"y\"",
    "null | v: \"null\"",
    "~ | v: \"~\"",
    "0x1F | v: \"0x1F\"",
    "1_000 | v: \"1_000\"",
    "1e3 | v: \"1e3\"",
    ".5 | v: \".5\"",
    "1e400 | v: 1e400",
    "NaN | v: NaN",
    "-Infinity | v: -Infinity",
    "a\tb | v: \"a\\tb\"",
    "😀 | v: \"\\U0001F600\"",
    "'quoted' | v: '''quoted'''",
    "@x | v: '@x'",
    "--- | v: '---'",
    "a: | v: 'a:'",
    "`trailing ` | v: 'trailing '",
    "/var/inputs/x | v: /var/inputs/x",
  })
  void write_quotesStringsAsYamlV2(String value, String expected) {
    assertThat(yaml("v", JsonValue.of(value))).isEqualTo(expected + "\n");
  }

  @Test
  void write_nulCharacterIsEscaped() {
    assertThat(yaml("a", JsonValue.of("\u0000"))).isEqualTo("a: \"\\0\"\n");
  }

  @Test
  void write_numbersAfterTheJsonRoundTrip() {
    assertThat(yaml("v", JsonValue.of(-0.0))).isEqualTo("v: 0\n");
    assertThat(yaml("v", JsonValue.of(0.1))).isEqualTo("v: 0.1\n");
    assertThat(yaml("v", JsonValue.of(-0.1))).isEqualTo("v: -0.1\n");
    assertThat(yaml("v", JsonValue.of(1e6))).isEqualTo("v: 1000000\n");
    assertThat(yaml("v", JsonValue.of(1234567.5))).isEqualTo("v: 1.2345675e+06\n");
    assertThat(yaml("v", JsonValue.of(1e20))).isEqualTo("v: 1e+20\n");
    assertThat(yaml("v", JsonValue.of(1e19))).isEqualTo("v: 10000000000000000000\n");
    assertThat(yaml("v", new JsonValue.UIntValue(-1L))).isEqualTo("v: 18446744073709551615\n");
    assertThat(yaml("v", JsonValue.of(Long.MIN_VALUE))).isEqualTo("v: -9223372036854775808\n");
    assertThat(yaml("v", new JsonValue.FloatValue(0.99f, true))).isEqualTo("v: 0.99\n");
  }

  @Test
  void write_sequences() {
    assertThat(yaml("v", JsonValue.array(JsonValue.of("A"), JsonValue.of("B\nC"))))
        .isEqualTo("v:\n- A\n- |-\n  B\n  C\n");
    assertThat(yaml("v", JsonValue.array(JsonValue.of("A"), JsonValue.of(1L),
        JsonValue.object(Map.of("B", JsonValue.array(JsonValue.of(2L), JsonValue.of(3L)))))))
        .isEqualTo("v:\n- A\n- 1\n- B:\n  - 2\n  - 3\n");
    assertThat(yaml("v", JsonValue.array(JsonValue.array(JsonValue.of(1L), JsonValue.of(2L)),
        JsonValue.array(), JsonValue.object(Map.of()))))
        .isEqualTo("v:\n- - 1\n  - 2\n- []\n- {}\n");
    assertThat(yaml("v", JsonValue.array(JsonValue.object(Map.of("a", JsonValue.of(1L), "b", JsonValue.of(2L))))))
        .isEqualTo("v:\n- a: 1\n  b: 2\n");
  }

  @Test
  void write_nestedMapsIndentByTwo() {
    JsonValue v = JsonValue.object(Map.of("a", JsonValue.object(Map.of("b",
        JsonValue.object(Map.of("c", JsonValue.of("x\ny")))))));
    assertThat(YamlWriter.write(v)).isEqualTo("a:\n  b:\n    c: |-\n      x\n      y\n");
  }

  @Test
  void write_literalChompingAndIndentHints() {
    assertThat(yaml("s", JsonValue.of("a\n"))).isEqualTo("s: |\n  a\n");
    assertThat(yaml("s", JsonValue.of("a\n\n"))).isEqualTo("s: |+\n  a\n\n");
    assertThat(yaml("s", JsonValue.of(" a\nb"))).isEqualTo("s: |2-\n   a\n  b\n");
    assertThat(yaml("s", JsonValue.of("a \nb"))).isEqualTo("s: \"a \\nb\"\n");
  }

  @Test
  void write_foldsLongLinesAtEightyColumns() {
    String v = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz "
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 ";
    assertThat(yaml("a", JsonValue.of(v))).isEqualTo(
        "a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz\n"
            + "  ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '\n");
    String plain = "word ".repeat(30).trim();
    String out = yaml("a", JsonValue.of(plain));
    assertThat(out.split("\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(86));
    assertThat(out.replace("\n  ", " ")).isEqualTo("a: " + plain + "\n");
  }

  @Test
  void write_keysInYamlV2NaturalOrder() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    for (String k : List.of("b", "a10", "a9", "A", "_x", "1")) {
      m.put(k, JsonValue.of(1L));
    }
    assertThat(YamlWriter.write(JsonValue.object(m)))
        .isEqualTo("_x: 1\n\"1\": 1\nA: 1\na9: 1\na10: 1\nb: 1\n");
  }

  @Test
  void write_quotedKeys() {
    assertThat(yaml("n", JsonValue.of(true))).isEqualTo("\"n\": true\n");
    assertThat(yaml("", JsonValue.of(true))).isEqualTo("\"\": true\n");
  }

  @Test
  void write_longKeyUsesExplicitKeySyntax() {
    String k = "k".repeat(130);
    assertThat(yaml(k, JsonValue.of(1L))).isEqualTo("? " + k + "\n: 1\n");
  }

  @Test
  void write_nonFiniteFloatsAsPlainStrings() {
    assertThat(yaml("v", JsonValue.of(Double.NaN))).isEqualTo("v: NaN\n");
    assertThat(yaml("v", JsonValue.of(Double.NEGATIVE_INFINITY))).isEqualTo("v: -Infinity\n");
  }

  @Test
  void write_foldsRawNextLineCharactersAsYamlV2ReadsThem() {
    assertThat(yaml("v", JsonValue.of("a\u0085b"))).isEqualTo("v: a b\n");
    assertThat(yaml("v", JsonValue.of("a \u0085 \u0085\u0085b"))).isEqualTo("v: |-\n  a\n\n  b\n");
    assertThat(yaml("v", JsonValue.of("\u0085x"))).isEqualTo("v: ' x'\n");
  }

  @Test
  void write_lineSeparatorInSingleQuotes() {
    assertThat(yaml("v", JsonValue.of("x\u2028y"))).isEqualTo("v: 'x\u2028  y'\n");
  }

  @Test
  void write_controlCharactersGoCannotConvertAreEscaped() {
    // Go's ghodss/yaml fails on these (yaml: control characters are not allowed); we escape them
    assertThat(yaml("v", JsonValue.of("a\u007fb"))).isEqualTo("v: \"a\\x7Fb\"\n");
  }
}
