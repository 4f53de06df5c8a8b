package org.flyte.copilot.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.flyte.copilot.core.transfer.TransferProgress.Snapshot;
import org.junit.jupiter.api.Test;

/** Snapshot arithmetic with an injected clock, and the reporter thread's life. */
class TransferProgressTest {
  private static final long MIB = 1024 * 1024;

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private TransferProgress quiet() {
    return TransferProgress.builder().interval(Duration.ZERO).clock(clock::get).start(s -> {
      throw new AssertionError("no reports expected");
    });
  }

  @Test
  void snapshot_rateAndEtaFromTheClock() {
    try (TransferProgress p = quiet()) {
      p.planned(512 * MIB);
      p.planned(512 * MIB);
      p.add(256 * MIB);
      p.add(256 * MIB);
      p.fileDone();
      clock.addAndGet(TimeUnit.SECONDS.toNanos(4));

      Snapshot s = p.snapshot();
      assertThat(s.bytes()).isEqualTo(512 * MIB);
      assertThat(s.totalBytes()).isEqualTo(1024 * MIB);
      assertThat(s.files()).isEqualTo(1);
      assertThat(s.elapsed()).isEqualTo(Duration.ofSeconds(4));
      assertThat(s.bytesPerSecond()).isEqualTo(128.0 * MIB);
      assertThat(s.eta()).contains(Duration.ofSeconds(4));
      assertThat(s.describe("upload"))
          .isEqualTo("upload progress: 512.0 MiB of 1.0 GiB (50%), 1 files done, 0 in flight, 128.0 MiB/s, ETA 4s");
    }
  }

  @Test
  void snapshot_noTimeYet_hasNoRateAndNoEta() {
    try (TransferProgress p = quiet()) {
      p.planned(100);
      p.add(10);
      Snapshot s = p.snapshot();
      assertThat(s.bytesPerSecond()).isZero();
      assertThat(s.eta()).isEmpty();
      assertThat(s.describe("download")).isEqualTo("download progress: 10 B of 100 B (10%), 0 files done, 0 in flight, 0 B/s");
    }
  }

  @Test
  void totalIsUnknown_whileAListingRunsOrASizeIsUnknown() {
    try (TransferProgress p = quiet()) {
      p.planned(1000);
      p.add(500);
      clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
      p.listingStarted();
      assertThat(p.snapshot().totalKnown()).isFalse();
      assertThat(p.snapshot().eta()).isEmpty();
      assertThat(p.snapshot().describe("download"))
          .isEqualTo("download progress: 500 B, 0 files done, 0 in flight, 500 B/s");
      p.listingFinished();
      assertThat(p.snapshot().totalBytes()).isEqualTo(1000);
      assertThat(p.snapshot().eta()).contains(Duration.ofSeconds(1));

      p.planned(-1);
      assertThat(p.snapshot().totalBytes()).isEqualTo(-1);
      p.unplanned(-1);
      assertThat(p.snapshot().totalBytes()).isEqualTo(1000);
    }
  }

  @Test
  void unplannedAndRewinds_adjustTheCounts() {
    try (TransferProgress p = quiet()) {
      p.planned(300);
      p.planned(700);
      p.unplanned(700); // already stored, skipped
      p.add(200);
      p.add(-150); // a retry rewound the stream
      p.add(250);
      assertThat(p.bytes()).isEqualTo(300);
      assertThat(p.snapshot().totalBytes()).isEqualTo(300);
      assertThat(p.snapshot().eta()).isEmpty();
    }
  }

  @Test
  void inFlightProbes_areAddedToTheSnapshot() {
    AtomicInteger files = new AtomicInteger(2);
    AtomicLong partial = new AtomicLong(40);
    try (TransferProgress p = TransferProgress.builder().interval(null).clock(clock::get)
        .inFlightFiles(files::get).inFlightBytes(partial::get).start(s -> {})) {
      p.add(60);
      Snapshot s = p.snapshot();
      assertThat(s.bytes()).isEqualTo(100);
      assertThat(s.inFlight()).isEqualTo(2);
      assertThat(p.bytes()).as("counted bytes leave the probe out").isEqualTo(60);
    }
  }

  @Test
  void failingSink_isCalledAgainAndTheThreadStopsOnClose() throws InterruptedException {
    AtomicReference<Thread> reporter = new AtomicReference<>();
    List<Snapshot> seen = new CopyOnWriteArrayList<>();
    CountDownLatch threeCalls = new CountDownLatch(3);
    TransferProgress p = TransferProgress.builder().interval(Duration.ofMillis(5)).start(s -> {
      reporter.set(Thread.currentThread());
      seen.add(s);
      if (s.bytes() == 42) { // the reporter may fire once before add(42) below
        threeCalls.countDown();
      }
      throw new IllegalStateException("sink is broken");
    });
    p.add(42);
    assertThat(threeCalls.await(30, TimeUnit.SECONDS)).as("reports go on after the sink threw").isTrue();
    p.close();
    assertThat(reporter.get().getName()).startsWith("copilot-progress-");
    assertThat(reporter.get().isAlive()).isFalse();
    assertThat(seen).allSatisfy(s -> assertThat(s.bytes()).isIn(0L, 42L));
    assertThat(seen.get(seen.size() - 1).bytes()).isEqualTo(42);
    int calls = seen.size();
    p.close(); // twice is fine
    assertThat(seen).hasSize(calls);
  }

  @Test
  void human_usesBinaryUnits() {
    assertThat(TransferProgress.human(0)).isEqualTo("0 B");
    assertThat(TransferProgress.human(1023)).isEqualTo("1023 B");
    assertThat(TransferProgress.human(1536)).isEqualTo("1.5 KiB");
    assertThat(TransferProgress.human(3L << 30)).isEqualTo("3.0 GiB");
    assertThat(TransferProgress.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
  }

  @Test
  void describe_neverSays100PercentWhileATransferAwaitsTheStoresAnswer() {
    java.time.Duration second = java.time.Duration.ofSeconds(1);
    assertThat(new TransferProgress.Snapshot(1000, 1000, 0, 1, second).describe("upload"))
        .startsWith("upload progress: 1000 B of 1000 B (99%), 0 files done, 1 in flight");
    assertThat(new TransferProgress.Snapshot(999, 1000, 0, 1, second).describe("upload")).contains("(99%)");
    assertThat(new TransferProgress.Snapshot(1000, 1000, 1, 0, second).describe("upload")).contains("(100%)");
  }
}
