package org.flyte.copilot.grpc;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.grpc.v1.GetStatusRequest;
import org.flyte.copilot.grpc.v1.Phase;
import org.flyte.copilot.grpc.v1.StatusGrpc;
import org.flyte.copilot.grpc.v1.StatusReport;
import org.flyte.copilot.grpc.v1.WatchStatusRequest;

/**
 * {@code copilot status}: reads a running command's {@code copilot.v1.Status} service and prints it,
 * once or live. Exit codes: 0 when the report was read (once) or the command succeeded (live), 1 when
 * it failed, the server cannot be reached or the stream broke before the command ended.
 */
public final class StatusWatch {
  private static final String CLEAR = "\033[H\033[2J";

  private StatusWatch() {}

  /**
   * @param redraw clear the terminal before each report (a live view) instead of printing them one after another
   */
  public static int run(String address, boolean once, int intervalMs, long timeoutMs, boolean redraw, PrintWriter out,
      PrintWriter err) {
    ManagedChannel channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
    try {
      StatusGrpc.StatusBlockingStub stub = StatusGrpc.newBlockingStub(channel);
      if (once) {
        StatusReport r = stub.withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS).get(GetStatusRequest.getDefaultInstance());
        out.print(StatusText.render(r));
        out.flush();
        return 0;
      }
      StatusReport last = null;
      Iterator<StatusReport> reports = stub.watch(WatchStatusRequest.newBuilder().setIntervalMs(intervalMs).build());
      while (reports.hasNext()) {
        String separator = redraw ? CLEAR : last == null ? "" : "\n";
        last = reports.next();
        out.print(separator + StatusText.render(last));
        out.flush();
      }
      if (last == null || !Reports.terminal(last)) {
        err.println("copilot status: the stream from " + address + " ended before the command did");
        return 1;
      }
      return last.getPhase() == Phase.SUCCEEDED ? 0 : 1;
    } catch (StatusRuntimeException e) {
      err.println("copilot status: " + describe(address, e.getStatus()));
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  private static String describe(String address, Status s) {
    String detail = s.getDescription() == null ? "" : ": " + s.getDescription();
    if (s.getCode() == Status.Code.UNAVAILABLE) {
      return "cannot reach " + address + " (" + s.getCode() + detail + "); is the command running with --grpc-port?";
    }
    if (s.getCode() == Status.Code.UNIMPLEMENTED) {
      return address + " does not serve copilot.v1.Status (" + s.getCode() + detail + ")";
    }
    return "reading the status from " + address + " failed: " + s.getCode() + detail;
  }
}
