package org.flyte.copilot.core.literal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoStringsTest {

  @Test
  void quote_isStrconvQuote() {
    assertThat(GoStrings.quote("a\"\\\n\u0007\u000b\u0001\u007f<é")).isEqualTo("\"a\\\"\\\\\\n\\a\\v\\x01\\x7f<é\"");
  }

  @Test
  void jsonQuote_isEncodingJson() {
    assertThat(GoStrings.jsonQuote("a\"\\\n\u0007\u000b<&\u2028\u007fé\ud83d\ude00\ud800"))
        .isEqualTo("\"a\\\"\\\\\\n\\u0007\\u000b\\u003c\\u0026\\u2028\u007fé\ud83d\ude00\\ufffd\"");
  }

  @Test
  void goFloatsIsFloat_agreesWithParse() {
    for (String s : new String[] {"1_000.5", ".5", "inf", "-Infinity", "nan", "0x1p-2", "1e308"}) {
      assertThat(GoFloats.isFloat(s)).as(s).isTrue();
    }
    for (String s : new String[] {"_1", "1_", "1e999", "+nan", "0x1", "", ".", "1e"}) {
      assertThat(GoFloats.isFloat(s)).as(s).isFalse();
    }
  }
}
