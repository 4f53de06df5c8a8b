package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ErrorDocument;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A copilot whose heap is too small for its input says so in one line and an error document. */
class MemoryLimitsTest {
  @TempDir Path tmp;

  @Test
  void inputMapLargerThanTheHeap_isReportedAsTooLarge_notAsAJavaError() throws Exception {
    Path store = Files.createDirectories(tmp.resolve("store/b/in"));
    try (RandomAccessFile junk = new RandomAccessFile(store.resolve("inputs.pb").toFile(), "rw")) {
      junk.setLength(96L << 20); // sparse: 96 MiB of zeros, more than the 32 MiB heap below
    }
    Process p = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--storage.type=local", "--storage.stow.config", "path=" + tmp.resolve("store"),
        "download", "--from-remote", "file://b/in/inputs.pb", "--to-output-prefix", "file://b/out",
        "--to-local-dir", tmp.resolve("inputs").toString()))
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isEqualTo(1);
    ErrorDocument doc = ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve("store/b/out/error.pb")));
    assertThat(doc.getError().getMessage())
        .startsWith("the input map file://b/in/inputs.pb is too large to read: copilot ran out of memory")
        .contains("heap limit of").contains("give copilot's containers more memory")
        .doesNotContain("java.lang");
    assertThat(log).doesNotContain("java.lang.OutOfMemoryError");
  }
}
