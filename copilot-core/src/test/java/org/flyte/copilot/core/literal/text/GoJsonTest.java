package org.flyte.copilot.core.literal.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoJsonTest {

  @Test
  void quote_escapesLikeEncodingJson() {
    assertThat(GoStrings.jsonQuote("hello\nworld")).isEqualTo("\"hello\\nworld\"");
    assertThat(GoStrings.jsonQuote("<a&b>")).isEqualTo("\"\\u003ca\\u0026b\\u003e\"");
    assertThat(GoStrings.jsonQuote("q\"b\\")).isEqualTo("\"q\\\"b\\\\\"");
    assertThat(GoStrings.jsonQuote("\t\r\b\f")).isEqualTo("\"\\t\\r\\b\\f\"");
    assertThat(GoStrings.jsonQuote("\u0001\u001f")).isEqualTo("\"\\u0001\\u001f\"");
    assertThat(GoStrings.jsonQuote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(GoStrings.jsonQuote("\u007f é 😀 /")).isEqualTo("\"\u007f é 😀 /\"");
    assertThat(GoStrings.jsonQuote("a\uD800b")).isEqualTo("\"a\\ufffdb\"");
  }

  @Test
  void keyOrder_isUtf8ByteOrder() {
    List<String> keys = new ArrayList<>(List.of("\uFFFF", "😀", "b", "B", "a", "ab", ""));
    keys.sort(GoJson.KEY_ORDER);
    assertThat(keys).containsExactly("", "B", "a", "ab", "b", "\uFFFF", "😀");
  }

  @Test
  void decodeUtf8_replacesEachInvalidByte() {
    assertThat(GoJson.decodeUtf8(new byte[] {'a', (byte) 0xff, 'b'})).isEqualTo("a\uFFFDb");
    assertThat(GoJson.decodeUtf8(new byte[] {(byte) 0xE2, (byte) 0x82})).isEqualTo("\uFFFD\uFFFD");
    assertThat(GoJson.decodeUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isEqualTo("\uFFFD\uFFFD\uFFFD");
    assertThat(GoJson.decodeUtf8(new byte[] {(byte) 0xC0, (byte) 0x80})).isEqualTo("\uFFFD\uFFFD");
    assertThat(GoJson.decodeUtf8(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80})).isEqualTo("😀");
  }
}
