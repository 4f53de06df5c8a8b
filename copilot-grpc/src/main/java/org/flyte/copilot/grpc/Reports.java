package org.flyte.copilot.grpc;

import org.flyte.copilot.core.status.StatusSnapshot;
import org.flyte.copilot.grpc.v1.Phase;
import org.flyte.copilot.grpc.v1.StatusReport;
import org.flyte.copilot.grpc.v1.VariableProgress;

/** Turns the board's {@link StatusSnapshot} into the {@code copilot.v1.StatusReport} message. */
final class Reports {
  private Reports() {}

  static StatusReport toProto(StatusSnapshot s, String version) {
    StatusReport.Builder b = StatusReport.newBuilder()
        .setCommand(s.command())
        .setPhase(Phase.valueOf(s.phase().name()))
        .setElapsedMs(s.elapsed().toMillis())
        .setBytesDone(s.bytesDone())
        .setBytesTotal(s.bytesTotal())
        .setFilesDone(s.filesDone())
        .setFilesInFlight(s.filesInFlight())
        .setBytesPerSecond(s.bytesPerSecond())
        .setEtaSeconds(s.etaSeconds())
        .setRetries(s.retries())
        .addAllErrors(s.errors())
        .setVersion(version);
    for (StatusSnapshot.VariableStatus v : s.variables()) {
      b.addVariables(VariableProgress.newBuilder()
          .setName(v.name())
          .setState(VariableProgress.State.valueOf(v.state().name()))
          .setBytesDone(v.bytesDone())
          .setBytesTotal(v.bytesTotal())
          .setFilesDone(v.filesDone())
          .setFilesTotal(v.filesTotal())
          .setRetries(v.retries())
          .setError(v.error()));
    }
    return b.build();
  }

  static boolean terminal(StatusReport r) {
    return r.getPhase() == Phase.SUCCEEDED || r.getPhase() == Phase.FAILED;
  }
}
