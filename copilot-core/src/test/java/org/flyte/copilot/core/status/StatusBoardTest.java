package org.flyte.copilot.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.flyte.copilot.core.status.StatusSnapshot.VariableState;
import org.flyte.copilot.core.status.StatusSnapshot.VariableStatus;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.file.FileStore;
import org.flyte.copilot.core.transfer.LocalFileException;
import org.flyte.copilot.core.transfer.TransferEngine;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.core.transfer.TransferRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusBoardTest {
  @TempDir Path tmp;

  record Origin(String variable) implements VariableOrigin {}

  private TransferRequest.Upload upload(Path file, String key, String variable) throws Exception {
    return new TransferRequest.Upload(DataReference.parse("file://bucket/" + key), () -> Files.newByteChannel(file),
        Files.size(file), new Origin(variable));
  }

  private static TransferRequest.Download download(String key, Path target, String variable) {
    return new TransferRequest.Download(DataReference.parse("file://bucket/" + key), target.resolveSibling("." + key),
        tmp -> Files.move(tmp, target), -1, "", true, new Origin(variable));
  }

  @Test
  void transfers_areCountedPerVariable_andOverall() throws Exception {
    FileStore store = new FileStore(Files.createDirectories(tmp.resolve("store")));
    Path a1 = Files.write(tmp.resolve("a1"), new byte[1000]);
    Path a2 = Files.write(tmp.resolve("a2"), new byte[24]);
    Path b = Files.write(tmp.resolve("b"), new byte[5]);
    StatusBoard board = new StatusBoard("sidecar");
    board.phase(Phase.UPLOADING);
    try (TransferProgress progress = TransferProgress.builder().interval(null).start(s -> {});
        TransferEngine engine = TransferEngine.builder(store).progress(progress).listener(board.transfers()).build()) {
      board.transfersStarted(progress);
      engine.submit(upload(a1, "raw/a/1", "a"));
      engine.submit(upload(a2, "raw/a/2", "a"));
      engine.submit(upload(b, "raw/b", "b"));
      engine.awaitAll();
    }

    StatusSnapshot s = board.snapshot();
    assertThat(s.command()).isEqualTo("sidecar");
    assertThat(s.phase()).isEqualTo(Phase.UPLOADING);
    assertThat(s.bytesDone()).isEqualTo(1029);
    assertThat(s.bytesTotal()).isEqualTo(1029);
    assertThat(s.filesDone()).isEqualTo(3);
    assertThat(s.variables()).containsExactly(
        new VariableStatus("a", VariableState.DONE, 1024, 1024, 2, 2, 0, ""),
        new VariableStatus("b", VariableState.DONE, 5, 5, 1, 1, 0, ""));
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void unknownSizes_areLearnedOnCompletion_andFailuresNameTheReference() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("store"));
    Files.createDirectories(root.resolve("bucket"));
    Files.write(root.resolve("bucket/x"), new byte[77]);
    FileStore store = new FileStore(root);
    Path inputs = Files.createDirectories(tmp.resolve("inputs"));
    StatusBoard board = new StatusBoard("download");
    try (TransferProgress progress = TransferProgress.builder().interval(null).start(s -> {});
        TransferEngine engine = TransferEngine.builder(store).progress(progress).listener(board.transfers())
            .failFast(false).build()) {
      board.transfersStarted(progress);
      engine.submit(download("x", inputs.resolve("x"), "x"));
      engine.submit(new TransferRequest.Upload(DataReference.parse("file://bucket/y"), () -> {
        throw new LocalFileException("cannot read https://h/k?X-Amz-Signature=abc123", new java.io.IOException("gone"));
      }, 3, new Origin("y")));
      engine.awaitAll();
    }
    board.failed("output \"y\" could not be uploaded");

    StatusSnapshot s = board.snapshot();
    assertThat(s.phase()).isEqualTo(Phase.FAILED);
    assertThat(s.variables()).containsExactly(
        new VariableStatus("x", VariableState.DONE, 77, 77, 1, 1, 0, ""),
        new VariableStatus("y", VariableState.FAILED, 0, 3, 0, 1, 0,
            "file://bucket/y: cannot read https://h/k?X-Amz-Signature=REDACTED"));
    assertThat(s.errors()).containsExactly("file://bucket/y: cannot read https://h/k?X-Amz-Signature=REDACTED",
        "output \"y\" could not be uploaded");
    assertThat(s.errors()).noneMatch(e -> e.contains("abc123"));
  }

  @Test
  void rate_isMeasuredBetweenSnapshots() {
    AtomicLong now = new AtomicLong();
    StatusBoard board = new StatusBoard("download", now::get);
    TransferProgress progress = TransferProgress.builder().interval(null).clock(now::get).start(s -> {});
    board.transfersStarted(progress);
    progress.planned(3000);
    assertThat(board.snapshot().bytesPerSecond()).isZero();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    progress.add(1000);
    StatusSnapshot s = board.snapshot();
    assertThat(s.bytesPerSecond()).isEqualTo(1000.0);
    assertThat(s.etaSeconds()).isEqualTo(2);
    assertThat(s.elapsed()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void errors_keepTheLatest() {
    StatusBoard board = new StatusBoard("sidecar");
    for (int i = 0; i < StatusBoard.MAX_ERRORS + 5; i++) {
      board.failed("failure " + i);
    }
    assertThat(board.snapshot().errors()).hasSize(StatusBoard.MAX_ERRORS).first().isEqualTo("failure 5");
  }
}
