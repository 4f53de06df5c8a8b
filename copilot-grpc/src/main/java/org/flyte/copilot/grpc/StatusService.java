package org.flyte.copilot.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.status.StatusBoard;
import org.flyte.copilot.grpc.v1.GetStatusRequest;
import org.flyte.copilot.grpc.v1.StatusGrpc;
import org.flyte.copilot.grpc.v1.StatusReport;
import org.flyte.copilot.grpc.v1.WatchStatusRequest;

/**
 * {@code copilot.v1.Status}: answers from the command's {@link StatusBoard}. A watch gets a report at
 * once and then every interval from one shared timer thread; it ends after the first report with a
 * terminal phase, or with a last report when the server closes. Thread-safe.
 */
final class StatusService extends StatusGrpc.StatusImplBase {
  static final int DEFAULT_INTERVAL_MS = 1000;
  static final int MIN_INTERVAL_MS = 100;

  private final StatusBoard board;
  private final String version;
  private final ScheduledExecutorService timer;
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();

  StatusService(StatusBoard board, String version, ScheduledExecutorService timer) {
    this.board = board;
    this.version = version;
    this.timer = timer;
  }

  StatusReport report() {
    return Reports.toProto(board.snapshot(), version);
  }

  @Override
  public void get(GetStatusRequest request, StreamObserver<StatusReport> response) {
    response.onNext(report());
    response.onCompleted();
  }

  @Override
  public void watch(WatchStatusRequest request, StreamObserver<StatusReport> response) {
    int interval = request.getIntervalMs() == 0 ? DEFAULT_INTERVAL_MS
        : Math.max(MIN_INTERVAL_MS, request.getIntervalMs());
    Watch w = new Watch((ServerCallStreamObserver<StatusReport>) response);
    watches.add(w);
    w.observer.setOnCancelHandler(w::stop);
    w.future = timer.scheduleWithFixedDelay(w::send, 0, interval, TimeUnit.MILLISECONDS);
  }

  /** Sends every open watch its last report and ends it: the command is over. */
  void finishAll() {
    for (Watch w : watches) {
      w.finish();
    }
  }

  /** One open {@code Watch} call. */
  private final class Watch {
    final ServerCallStreamObserver<StatusReport> observer;
    volatile ScheduledFuture<?> future;
    private boolean ended;

    Watch(ServerCallStreamObserver<StatusReport> observer) {
      this.observer = observer;
    }

    synchronized void send() {
      if (ended) {
        cancelTimer(); // ended before the timer's first run had returned its future
        return;
      }
      StatusReport r = report();
      try {
        observer.onNext(r);
        if (Reports.terminal(r)) {
          end();
        }
      } catch (RuntimeException e) {
        // the client went away between the cancellation check and the send
        stop();
      }
    }

    synchronized void finish() {
      if (ended) {
        return;
      }
      try {
        observer.onNext(report());
        end();
      } catch (RuntimeException e) {
        stop();
      }
    }

    private void end() {
      stop();
      observer.onCompleted();
    }

    synchronized void stop() {
      ended = true;
      watches.remove(this);
      cancelTimer();
    }

    private void cancelTimer() {
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
    }
  }
}
