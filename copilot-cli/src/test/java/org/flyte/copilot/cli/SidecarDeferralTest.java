package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ErrorDocument;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The error document the sidecar writes after the exit signal for a command line it could not parse. */
class SidecarDeferralTest {
  @TempDir Path tmp;

  @Test
  void aBareBooleanFlagBeforeTheSubcommand_doesNotHideTheSidecarFromTheLenientParse() throws Exception {
    String[] args = {"--storage.stow.config", "path=" + tmp, "--logger.mute", "sidecar", "--to-output-prefix",
        "file://bucket/out", "--bogus"};
    assertThat(Main.isSidecar(args)).isTrue();
    StringWriter err = new StringWriter();
    boolean written = SidecarDeferral.forExecutable(Map.of()).writeErrorDocument(args, "Unknown option: '--bogus'",
        new PrintWriter(err, true));
    assertThat(written).as(err.toString()).isTrue();
    ErrorDocument doc = ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve("bucket/out/error.pb")));
    assertThat(doc.getError().getMessage()).isEqualTo("invalid sidecar command line: Unknown option: '--bogus'");
  }
}
