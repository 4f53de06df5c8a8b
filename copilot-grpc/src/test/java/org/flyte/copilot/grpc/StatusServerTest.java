package org.flyte.copilot.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.status.Phase;
import org.flyte.copilot.core.status.StatusBoard;
import org.flyte.copilot.core.status.VariableOrigin;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.file.FileStore;
import org.flyte.copilot.core.transfer.TransferEngine;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.core.transfer.TransferRequest;
import org.flyte.copilot.grpc.v1.GetStatusRequest;
import org.flyte.copilot.grpc.v1.StatusGrpc;
import org.flyte.copilot.grpc.v1.StatusReport;
import org.flyte.copilot.grpc.v1.VariableProgress;
import org.flyte.copilot.grpc.v1.WatchStatusRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real gRPC client against the server on 127.0.0.1. */
class StatusServerTest {
  @TempDir Path tmp;
  StatusBoard board;
  StatusServer server;
  ManagedChannel channel;

  record Origin(String variable) implements VariableOrigin {}

  @BeforeEach
  void start() {
    board = new StatusBoard("sidecar");
    server = StatusServer.start("127.0.0.1", 0, board, "1.2.3");
    channel = Grpc.newChannelBuilder("127.0.0.1:" + server.port(), InsecureChannelCredentials.create()).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  private ServingStatus health(String service) {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  private StatusReport get() {
    return StatusGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .get(GetStatusRequest.getDefaultInstance());
  }

  /** Uploads {@code sizes} bytes per file to a file store, as variable {@code variable}. */
  private void upload(String variable, int... sizes) throws Exception {
    FileStore store = new FileStore(Files.createDirectories(tmp.resolve("store")));
    try (TransferProgress progress = TransferProgress.builder().interval(null).start(s -> {});
        TransferEngine engine = TransferEngine.builder(store).progress(progress).listener(board.transfers()).build()) {
      board.transfersStarted(progress);
      for (int i = 0; i < sizes.length; i++) {
        Path f = Files.write(tmp.resolve(variable + i), new byte[sizes[i]]);
        engine.submit(new TransferRequest.Upload(DataReference.parse("file://b/raw/" + variable + "/" + i),
            () -> Files.newByteChannel(f), sizes[i], new Origin(variable)));
      }
      engine.awaitAll();
    }
  }

  @Test
  void health_servesTheServerAndTheStatusService() {
    assertThat(health("")).isEqualTo(ServingStatus.SERVING);
    assertThat(health("copilot.v1.Status")).isEqualTo(ServingStatus.SERVING);
    assertThatThrownBy(() -> health("no.such.Service"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void get_reportsPhaseBytesAndVariables() throws Exception {
    board.phase(Phase.UPLOADING);
    upload("model", 4096, 1024);
    upload("report", 10);

    StatusReport r = get();
    assertThat(r.getCommand()).isEqualTo("sidecar");
    assertThat(r.getVersion()).isEqualTo("1.2.3");
    assertThat(r.getPhase()).isEqualTo(org.flyte.copilot.grpc.v1.Phase.UPLOADING);
    assertThat(r.getBytesDone()).isEqualTo(5130);
    assertThat(r.getBytesTotal()).isEqualTo(5130);
    assertThat(r.getFilesDone()).isEqualTo(3);
    assertThat(r.getVariablesList()).containsExactly(
        VariableProgress.newBuilder().setName("model").setState(VariableProgress.State.DONE).setBytesDone(5120)
            .setBytesTotal(5120).setFilesDone(2).setFilesTotal(2).build(),
        VariableProgress.newBuilder().setName("report").setState(VariableProgress.State.DONE).setBytesDone(10)
            .setBytesTotal(10).setFilesDone(1).setFilesTotal(1).build());
    assertThat(StatusText.render(r)).contains("phase UPLOADING", "transfers: 5.0 KiB of 5.0 KiB (100%), 3 files done",
        "model     DONE          2/2        5.0 KiB of 5.0 KiB", "report    DONE          1/1        10 B of 10 B");
  }

  @Test
  void watch_streamsUntilTheCommandEnds() throws Exception {
    board.phase(Phase.WAITING);
    Iterator<StatusReport> reports = StatusGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
        .watch(WatchStatusRequest.newBuilder().setIntervalMs(100).build());
    List<org.flyte.copilot.grpc.v1.Phase> phases = new ArrayList<>();
    phases.add(reports.next().getPhase());
    board.phase(Phase.UPLOADING);
    while (phases.get(phases.size() - 1) != org.flyte.copilot.grpc.v1.Phase.UPLOADING) {
      phases.add(reports.next().getPhase());
    }
    board.failed("output \"n\": file not found");
    StatusReport last = null;
    while (reports.hasNext()) {
      last = reports.next();
    }
    assertThat(phases).startsWith(org.flyte.copilot.grpc.v1.Phase.WAITING).endsWith(org.flyte.copilot.grpc.v1.Phase.UPLOADING);
    assertThat(last.getPhase()).isEqualTo(org.flyte.copilot.grpc.v1.Phase.FAILED);
    assertThat(last.getErrorsList()).containsExactly("output \"n\": file not found");
  }

  @Test
  void close_sendsOpenWatchesTheirLastReport_andHealthStops() throws Exception {
    board.phase(Phase.WAITING);
    List<StatusReport> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> watched = CompletableFuture.runAsync(() -> StatusGrpc.newBlockingStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS).watch(WatchStatusRequest.newBuilder().setIntervalMs(60_000).build())
        .forEachRemaining(received::add));
    while (received.isEmpty()) {
      Thread.sleep(20);
    }
    board.phase(Phase.SUCCEEDED);
    server.close();
    watched.get(10, TimeUnit.SECONDS);
    assertThat(received).extracting(StatusReport::getPhase)
        .containsExactly(org.flyte.copilot.grpc.v1.Phase.WAITING, org.flyte.copilot.grpc.v1.Phase.SUCCEEDED);
    assertThatThrownBy(() -> health("")).isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void statusWatch_once_printsTheReport() {
    board.phase(Phase.DOWNLOADING);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = StatusWatch.run("127.0.0.1:" + server.port(), true, 1000, 5000, false, new PrintWriter(out),
        new PrintWriter(err));
    assertThat(code).isZero();
    assertThat(out.toString()).startsWith("copilot sidecar 1.2.3  phase DOWNLOADING  elapsed ")
        .contains("transfers: 0 B, 0 files done, 0 in flight, 0 B/s, 0 retries");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void statusWatch_live_endsWithTheCommandsOutcome() {
    board.phase(Phase.UPLOADING);
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> StatusWatch.run("127.0.0.1:" + server.port(),
        false, 100, 5000, false, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    board.phase(Phase.SUCCEEDED);
    assertThat(run.join()).isZero();
  }

  @Test
  void statusWatch_nothingListening_saysSo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    StringWriter err = new StringWriter();
    int code = StatusWatch.run("127.0.0.1:" + port, true, 1000, 5000, false, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("copilot status: cannot reach 127.0.0.1:" + port + " (UNAVAILABLE")
        .contains("is the command running with --grpc-port?");
  }
}
