package org.flyte.copilot.upload.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class WatchersTest {
  @TempDir Path dir;

  @Test
  void create_unknownType_listsTheAllowedValues() {
    assertThatThrownBy(() -> Watchers.create("shared-process-ns", dir, SignalWatcher.detached()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported watcher type [shared-process-ns], allowed values: signal, noop, file");
  }

  @Test
  void create_eachType() {
    SignalWatcher term = SignalWatcher.detached();
    assertThat(Watchers.create("signal", dir, term)).isSameAs(term);
    assertThat(Watchers.create("noop", dir, term)).isInstanceOf(NoopWatcher.class);
    assertThat(Watchers.create("file", dir, term)).isInstanceOf(FileWatcher.class);
  }

  @Test
  void signalWatcher_returnsOnceTriggered() throws Exception {
    SignalWatcher w = SignalWatcher.detached();
    CompletableFuture<Void> wait = CompletableFuture.runAsync(() -> {
      try {
        w.waitForExit();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    assertThat(wait).isNotDone();
    w.trigger();
    wait.get(10, TimeUnit.SECONDS);
    assertThat(w.isSignalled()).isTrue();
  }

  @Test
  void fileWatcher_returnsForSuccessErrorOrTermination() throws Exception {
    for (String marker : new String[] {"_SUCCESS", "_ERROR", null}) {
      Path d = Files.createTempDirectory(dir, "w");
      SignalWatcher term = SignalWatcher.detached();
      FileWatcher w = new FileWatcher(d, Duration.ofMillis(10), term);
      CompletableFuture<Void> wait = CompletableFuture.runAsync(() -> {
        try {
          w.waitForExit();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      Files.writeString(d.resolve("_START"), "");
      Files.writeString(d.resolve("out"), "1");
      Thread.sleep(100);
      assertThat(wait).as("marker %s", marker).isNotDone();
      if (marker == null) {
        term.trigger();
      } else {
        Files.writeString(d.resolve(marker), "");
      }
      wait.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void noopWatcher_doesNotWait() throws Exception {
    new NoopWatcher().waitForExit();
  }

  @Test
  void fileWatcher_errorWrittenInTwoSteps_waitsForItsText(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    FileWatcher w = new FileWatcher(dir, java.time.Duration.ofMillis(10), null);
    java.nio.file.Path error = dir.resolve(FileWatcher.ERROR_MARKER);
    java.util.concurrent.CountDownLatch created = new java.util.concurrent.CountDownLatch(1);
    Thread writer = new Thread(() -> {
      try {
        java.nio.file.Files.createFile(error); // step 1: an empty marker
        created.countDown();
        Thread.sleep(300);
        java.nio.file.Files.writeString(error, "out of memory"); // step 2: its text
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    created.await();
    w.waitForExit();
    String atReturn = java.nio.file.Files.readString(error);
    writer.join();
    assertThat(atReturn).as("the watcher returned only after the text was there").isEqualTo("out of memory");
  }
}
