package org.flyte.copilot.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stop hook and the child's start: whichever comes first, no command outlives copilot. */
class ChildProcessTest {
  @TempDir Path tmp;

  @Test
  void stopBeforeStart_theCommandIsNeverStarted() throws Exception {
    Path marker = tmp.resolve("ran");
    ChildProcess.Started started = new ChildProcess.Started();
    assertThat(started.stop()).isEmpty();
    assertThatThrownBy(() -> started.start(new ProcessBuilder("touch", marker.toString())))
        .isInstanceOf(IOException.class).hasMessageContaining("not started");
    Thread.sleep(200);
    assertThat(marker).doesNotExist();
  }

  @Test
  void stopAfterStart_handsOverTheRunningChild() throws Exception {
    ChildProcess.Started started = new ChildProcess.Started();
    Process p = started.start(new ProcessBuilder("sleep", "300"));
    try {
      assertThat(started.stop()).containsSame(p);
      ChildProcess.endTree(p);
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void endTree_endsTheCommandAndWhatItStarted() throws Exception {
    Path pid = tmp.resolve("sleep.pid");
    Process p = new ProcessBuilder("/bin/sh", "-c", "sleep 300 & echo $! > " + pid + "; wait").start();
    for (int i = 0; i < 200 && !(Files.exists(pid) && Files.size(pid) > 0); i++) {
      Thread.sleep(50);
    }
    long child = Long.parseLong(Files.readString(pid).strip());
    ChildProcess.endTree(p);
    assertThat(p.isAlive()).isFalse();
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }
}
