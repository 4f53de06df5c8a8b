package org.flyte.copilot.upload.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A document that does not parse: its problem, and even its stack trace, quote nothing of the file. */
class ValueFilesTest {
  private static final String SECRET = "wJalrXUtnFEMIsecretKEY";

  @Test
  void parseFailure_carriesNoCauseThatQuotesTheFile() {
    var documents = java.util.Map.of(ValueFiles.JSON, "{\"n\": " + SECRET + "}\n", ValueFiles.YAML,
        "a: !!float " + SECRET + "\n");
    for (var d : documents.entrySet()) {
      Throwable t = catchThrowable(() -> ValueFiles.parse(d.getKey(), d.getValue().getBytes(StandardCharsets.UTF_8)));
      assertThat(t).isInstanceOf(IOException.class).hasNoCause();
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).startsWith("java.io.IOException: line 1").doesNotContain(SECRET.substring(0, 6));
    }
  }
}
