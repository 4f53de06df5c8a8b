package org.flyte.copilot.core.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Crc32csTest {
  @Test
  void base64Form_isGcsBigEndianEncoding() {
    int crc = Crc32cs.of("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(Integer.toHexString(crc)).isEqualTo("9a71bb4c");
    assertThat(Crc32cs.toBase64(crc)).isEqualTo("mnG7TA==");
    assertThat(Crc32cs.fromBase64("mnG7TA==")).isEqualTo(crc);
    assertThat(Crc32cs.fromBase64("AAAAAA==")).isZero();
  }

  @Test
  void fromBase64_ofSomethingElse_isNull() {
    assertThat(Crc32cs.fromBase64(null)).isNull();
    assertThat(Crc32cs.fromBase64("")).isNull();
    assertThat(Crc32cs.fromBase64("not base64!")).isNull();
    assertThat(Crc32cs.fromBase64("AAAAAAAA")).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 255, 4096, 65_537, 1_000_000})
  void combine_ofTwoParts_equalsTheCrcOfTheWhole(int split) {
    byte[] data = new byte[1_000_000];
    new Random(split).nextBytes(data);
    int a = Crc32cs.of(Arrays.copyOfRange(data, 0, split));
    int b = Crc32cs.of(Arrays.copyOfRange(data, split, data.length));

    assertThat(Crc32cs.combine(a, b, data.length - split)).isEqualTo(Crc32cs.of(data));
  }

  @Test
  void combine_ofManyParts_inOrder_equalsTheCrcOfTheWhole() {
    byte[] data = new byte[3 * 65_536 + 123];
    new Random(9).nextBytes(data);
    int crc = 0;
    for (int off = 0; off < data.length; off += 65_536) {
      int end = Math.min(data.length, off + 65_536);
      int part = Crc32cs.of(Arrays.copyOfRange(data, off, end));
      crc = off == 0 ? part : Crc32cs.combine(crc, part, end - off);
    }
    assertThat(crc).isEqualTo(Crc32cs.of(data));
  }
}
