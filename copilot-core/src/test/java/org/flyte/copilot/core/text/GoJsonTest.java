package org.flyte.copilot.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoJsonTest {

  @Test
  void quote_escapesLikeEncodingJson() {
    assertThat(GoJson.quote("hello\nworld")).isEqualTo("\"hello\\nworld\"");
    assertThat(GoJson.quote("<a&b>")).isEqualTo("\"\\u003ca\\u0026b\\u003e\"");
    assertThat(GoJson.quote("q\"b\\")).isEqualTo("\"q\\\"b\\\\\"");
    assertThat(GoJson.quote("\t\r\b\f")).isEqualTo("\"\\t\\r\\b\\f\"");
    assertThat(GoJson.quote("\u0001\u001f")).isEqualTo("\"\\u0001\\u001f\"");
    assertThat(GoJson.quote("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(GoJson.quote("\u007f é 😀 /")).isEqualTo("\"\u007f é 😀 /\"");
    assertThat(GoJson.quote("a\uD800b")).isEqualTo("\"a\\ufffdb\"");
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
