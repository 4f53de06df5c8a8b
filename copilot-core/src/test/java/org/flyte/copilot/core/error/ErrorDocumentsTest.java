package org.flyte.copilot.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorDocumentsTest {
  @Test
  void of_givesCodeMessageAndKind_redactingCredentials() {
    ErrorDocument doc = ErrorDocuments.of(new CopilotException(ErrorCode.INPUT_DOWNLOAD_FAILED, "x",
        "s3://b/k", "variable [x]: cannot read https://user:secret@host/k", new IOException("reset"), false));

    assertThat(doc.getError().getCode()).isEqualTo("InputDownloadFailed");
    assertThat(doc.getError().getKind()).isEqualTo(ContainerError.Kind.RECOVERABLE);
    assertThat(doc.getError().getMessage()).startsWith("variable [x]: cannot read").doesNotContain("secret");
  }

  @Test
  void of_anEmptyMessageIsUnknownError_asInGo() {
    for (String empty : new String[] {null, "", "  "}) {
      ErrorDocument doc = ErrorDocuments.of(
          new CopilotException(ErrorCode.OUTPUT_UPLOAD_FAILED, null, null, empty, null, true));
      assertThat(doc.getError().getMessage()).as("message %s", empty).isEqualTo("unknown error");
      assertThat(doc.getError().getCode()).isEqualTo("OutputUploadFailed");
    }
  }
}
