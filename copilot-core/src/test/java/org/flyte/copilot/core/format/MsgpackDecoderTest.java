package org.flyte.copilot.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MsgpackDecoderTest {

  private static String json(String hex) {
    return JsonWriter.write(MsgpackDecoder.decode(HexFormat.of().parseHex(hex)));
  }

  @Test
  void decode_dataclassLikeMap() {
    // {"a": 1, "b": "x", "c": [true, nil, 1.5], "d": {"e": -1}}
    String hex = "84" + "a161" + "01" + "a162" + "a178" + "a163" + "93" + "c3" + "c0" + "cb3ff8000000000000"
        + "a164" + "81" + "a165" + "ff";
    assertThat(json(hex)).isEqualTo("{\"a\":1,\"b\":\"x\",\"c\":[true,null,1.5],\"d\":{\"e\":-1}}");
  }

  @Test
  void decode_integerWidths() {
    assertThat(json("cc80")).isEqualTo("128");
    assertThat(json("cd0100")).isEqualTo("256");
    assertThat(json("ceffffffff")).isEqualTo("4294967295");
    assertThat(json("cfffffffffffffffff")).isEqualTo("18446744073709551615");
    assertThat(json("d080")).isEqualTo("-128");
    assertThat(json("d1ff00")).isEqualTo("-256");
    assertThat(json("d2ffffffff")).isEqualTo("-1");
    assertThat(json("d38000000000000000")).isEqualTo("-9223372036854775808");
    assertThat(json("e0")).isEqualTo("-32");
  }

  @Test
  void decode_floatsBinAndExtensions() {
    assertThat(json("ca3dcccccd")).isEqualTo("0.1");
    assertThat(json("cb7ff8000000000000")).isEqualTo("\"NaN\"");
    assertThat(json("c4026869")).isEqualTo("\"aGk=\"");
    assertThat(json("d6ff5e0d5da5")).isEqualTo("\"2020-01-02T03:04:05Z\"");
    assertThat(json("d40501")).isEqualTo("\"AQ==\"");
  }

  @Test
  void decode_nonStringKeysBecomeJsonText() {
    assertThat(json("82" + "01" + "a161" + "c3" + "a162")).isEqualTo("{\"1\":\"a\",\"true\":\"b\"}");
  }

  @Test
  void decode_rejectsTruncatedAndTrailingBytes() {
    assertThatThrownBy(() -> json("a3616263ff")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> json("a36162")).hasMessageContaining("needs 3 bytes");
    assertThatThrownBy(() -> json("c1")).hasMessageContaining("unknown type byte 0xc1");
  }
}
