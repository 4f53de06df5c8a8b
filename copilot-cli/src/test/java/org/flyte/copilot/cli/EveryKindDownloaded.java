package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.flyte.copilot.cli.aot.EveryLiteralKind;

/** What a download of {@link EveryLiteralKind#inputs} leaves in the input directory, blobs aside. */
final class EveryKindDownloaded {
  private EveryKindDownloaded() {}

  /** The values, collections, maps and offloaded literal, each in its file, byte for byte. */
  static void assertValues(Path in) throws Exception {
    assertThat(in.resolve("partsX")).doesNotExist();
    assertThat(in.resolve("i")).hasContent("41");
    assertThat(in.resolve("f")).hasContent("0.1");
    assertThat(in.resolve("s")).hasContent("hello\nworld");
    assertThat(in.resolve("b")).hasContent("true");
    assertThat(in.resolve("dt")).hasContent("2020-01-02T03:04:05.6Z");
    assertThat(in.resolve("dur")).hasContent("1h2m3s");
    assertThat(in.resolve("none")).hasContent("null");
    assertThat(in.resolve("bin")).hasBinaryContent(new byte[] {'h', 'i'});
    assertThat(in.resolve("g")).hasContent("{\"a\":\"\\u003c\\u0026\\u003e\",\"z\":1e+21}");
    assertThat(in.resolve("l/0")).hasContent("1");
    assertThat(in.resolve("l/1")).hasContent("2");
    assertThat(in.resolve("m/k")).hasContent("v");
    assertThat(in.resolve("u")).hasContent("5");
    assertThat(in.resolve("off/0")).hasContent("a");
    assertThat(in.resolve("off/1")).hasContent("b");
  }
}
