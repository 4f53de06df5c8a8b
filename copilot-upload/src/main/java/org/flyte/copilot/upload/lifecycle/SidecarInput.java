package org.flyte.copilot.upload.lifecycle;

import org.flyte.copilot.upload.UploadRequest;

import java.util.List;

/** The sidecar's command line after validation: nothing to do, a valid request, or the problems found. */
public sealed interface SidecarInput {

  /** No interface, or one without outputs: exit 0 at once without waiting (docs/compatibility.md, "sidecar flags"). */
  record NothingToUpload(String reason) implements SidecarInput {}

  /** A request to carry out after the exit signal, and the watcher that waits for it. */
  record Valid(UploadRequest request, String watcherType) implements SidecarInput {}

  /**
   * Flags that are wrong (D3): the sidecar still waits for the exit signal, then writes the error
   * document at {@code ConstructReference(outputPrefix, errOutputName)} and exits non-zero.
   */
  record Invalid(String outputPrefix, String errOutputName, List<String> problems, String watcherType)
      implements SidecarInput {
    public Invalid {
      problems = List.copyOf(problems);
    }

    public String message() {
      return String.join("; ", problems);
    }
  }
}
