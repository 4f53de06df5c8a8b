package org.flyte.copilot.grpc;

import java.util.Locale;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.grpc.v1.StatusReport;
import org.flyte.copilot.grpc.v1.VariableProgress;

/** A {@link StatusReport} as the lines {@code copilot status} prints. */
public final class StatusText {
  private StatusText() {}

  public static String render(StatusReport r) {
    StringBuilder b = new StringBuilder();
    b.append("copilot ").append(r.getCommand()).append(' ').append(r.getVersion())
        .append("  phase ").append(r.getPhase().name())
        .append("  elapsed ").append(seconds(r.getElapsedMs())).append('\n');
    b.append("transfers: ").append(TransferProgress.human(r.getBytesDone()));
    if (r.getBytesTotal() > 0) {
      b.append(" of ").append(TransferProgress.human(r.getBytesTotal()))
          .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * r.getBytesDone() / r.getBytesTotal()));
    }
    b.append(", ").append(r.getFilesDone()).append(" files done, ").append(r.getFilesInFlight()).append(" in flight, ")
        .append(TransferProgress.human((long) r.getBytesPerSecond())).append("/s");
    if (r.getEtaSeconds() >= 0) {
      b.append(", ETA ").append(r.getEtaSeconds()).append('s');
    }
    b.append(", ").append(r.getRetries()).append(r.getRetries() == 1 ? " retry" : " retries").append('\n');
    if (r.getVariablesCount() > 0) {
      int width = "variable".length();
      for (VariableProgress v : r.getVariablesList()) {
        width = Math.max(width, v.getName().length());
      }
      String row = "%-" + width + "s  %-12s  %-9s  %s%n";
      b.append(String.format(Locale.ROOT, row, "variable", "state", "files", "bytes"));
      for (VariableProgress v : r.getVariablesList()) {
        String bytes = TransferProgress.human(v.getBytesDone())
            + (v.getBytesTotal() >= 0 ? " of " + TransferProgress.human(v.getBytesTotal()) : "")
            + (v.getRetries() > 0 ? ", " + v.getRetries() + (v.getRetries() == 1 ? " retry" : " retries") : "");
        b.append(String.format(Locale.ROOT, row, v.getName(), v.getState().name(),
            v.getFilesDone() + "/" + v.getFilesTotal(), bytes));
      }
    }
    if (r.getErrorsCount() > 0) {
      b.append("errors:\n");
      for (String e : r.getErrorsList()) {
        b.append("  ").append(e).append('\n');
      }
    }
    return b.toString();
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
