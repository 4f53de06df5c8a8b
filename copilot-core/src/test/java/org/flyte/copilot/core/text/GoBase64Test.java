package org.flyte.copilot.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Base64 flag values as Go's pflag and base64.StdEncoding read them. */
class GoBase64Test {
  private static final byte[] BYTES = "a TypedInterface, say, long enough to wrap".repeat(3).getBytes(StandardCharsets.UTF_8);

  @Test
  void wrappedAndPaddedWithWhiteSpace_decodesAsInGo() {
    String plain = java.util.Base64.getEncoder().encodeToString(BYTES);
    String wrapped = java.util.Base64.getMimeEncoder().encodeToString(BYTES);
    assertThat(wrapped).contains("\r\n");
    for (String text : new String[] {plain, wrapped, wrapped.replace("\r\n", "\n"), "  " + plain + "\n", "\t" + wrapped + " "}) {
      assertThat(GoBase64.decode(text)).as(text).isEqualTo(BYTES);
    }
  }

  @Test
  void aForeignCharacter_failsAndIsNamedOnOneLine() {
    assertThatThrownBy(() -> GoBase64.decode("ab c")).isInstanceOf(IllegalArgumentException.class);
    assertThat(GoBase64.problem("ab\u0000c")).isEqualTo("character U+0000 at offset 2");
    assertThat(GoBase64.problem("ab\u00a0c")).isEqualTo("character U+00A0 at offset 2");
    assertThat(GoBase64.problem("ab\u200bc")).isEqualTo("character U+200B at offset 2");
    assertThat(GoBase64.problem("ab c")).isEqualTo("character ' ' at offset 2");
    assertThat(GoBase64.problem("ab\n-c")).isEqualTo("character '-' at offset 3");
    assertThat(GoBase64.problem("ab\u00e9c")).isEqualTo("character '\u00e9' at offset 2");
    assertThat(GoBase64.problem("  ab!c")).as("offsets count in the trimmed text").isEqualTo("character '!' at offset 2");
    assertThat(GoBase64.problem("abcde\n")).isEqualTo("wrong padding for its length of 5 characters, or '=' inside it");
  }
}
