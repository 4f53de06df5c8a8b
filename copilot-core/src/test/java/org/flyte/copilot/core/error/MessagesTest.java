package org.flyte.copilot.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void outOfMemory_saysWhatItMeansAndWhatToChange() {
    String m = Messages.of(new OutOfMemoryError("Java heap space"));
    assertThat(m).startsWith("copilot ran out of memory (Java heap space) with a heap limit of ")
        .contains((Runtime.getRuntime().maxMemory() >> 20) + " MiB")
        .contains("give copilot's containers more memory").contains("COPILOT_JAVA_OPTS=-Xmx");
  }

  @Test
  void wrappedCause_givesTheCausesWords_notItsClassName() {
    IllegalStateException wrapped = new IllegalStateException(new IllegalArgumentException("bad value for key x"));
    assertThat(wrapped.getMessage()).startsWith("java.lang.IllegalArgumentException");
    assertThat(Messages.of(wrapped)).isEqualTo("bad value for key x");
    assertThat(Messages.of(new UncheckedIOException(new NoSuchFileException("/out/a")))).isEqualTo(
        "no such file or directory: /out/a");
  }

  @Test
  void fileErrors_nameTheFileAndTheReason() {
    assertThat(Messages.of(new NoSuchFileException("/out/a"))).isEqualTo("no such file or directory: /out/a");
    assertThat(Messages.of(new AccessDeniedException("/out/b"))).isEqualTo("permission denied: /out/b");
    assertThat(Messages.of(new FileSystemException("/out/c", null, "Too many levels of symbolic links")))
        .isEqualTo("Too many levels of symbolic links: /out/c");
    assertThat(Messages.of(new FileSystemException("/in/.copilot-work-1/1-a", "/in/a", "Directory not empty")))
        .isEqualTo("Directory not empty: /in/.copilot-work-1/1-a -> /in/a");
    assertThat(Messages.of(new NoSuchFileException(null))).isEqualTo("NoSuchFileException");
    assertThat(Messages.of(new RuntimeException())).isEqualTo("RuntimeException");
    assertThat(Messages.of(new RuntimeException("plain"))).isEqualTo("plain");
  }
}
