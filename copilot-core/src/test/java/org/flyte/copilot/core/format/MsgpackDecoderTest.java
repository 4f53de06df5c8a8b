package org.flyte.copilot.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    // integers of every width
    "cc80|128",
    "cd0100|256",
    "ceffffffff|4294967295",
    "cfffffffffffffffff|18446744073709551615",
    "d080|-128",
    "d1ff00|-256",
    "d2ffffffff|-1",
    "d38000000000000000|-9223372036854775808",
    "e0|-32",
    // floats, bin and extensions
    "ca3dcccccd|0.1",
    "cb7ff8000000000000|\"NaN\"",
    "c4026869|\"aGk=\"",
    "d6ff5e0d5da5|\"2020-01-02T03:04:05Z\"",
    "d40501|\"AQ==\"",
  })
  void decode_scalars(String hex, String expectedJson) {
    assertThat(json(hex)).isEqualTo(expectedJson);
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
