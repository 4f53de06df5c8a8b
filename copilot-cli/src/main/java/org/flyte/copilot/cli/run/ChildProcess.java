package org.flyte.copilot.cli.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the task's command (or the container engine's client) to its end. If this JVM is asked to stop
 * meanwhile (SIGTERM, SIGINT/Ctrl-C), a shutdown hook first runs {@code onStop} (e.g. stopping the
 * container) and then ends the process and everything it started, so nothing outlives copilot.
 */
final class ChildProcess {
  private static final long GRACE_MILLIS = 5_000;

  private ChildProcess() {}

  /**
   * @param out where the child's stdout goes; null when it is redirected by {@code pb}
   * @param err where the child's stderr goes; null when it is redirected by {@code pb}
   */
  static int run(ProcessBuilder pb, PrintWriter out, PrintWriter err, Runnable onStop) throws IOException {
    // The hook is in place before the child starts: a signal that lands between the start and the
    // hook's registration would otherwise end copilot and leave the command running.
    Started started = new Started();
    Thread hook = new Thread(() -> {
      Optional<Process> child = started.stop();
      onStop.run();
      child.ifPresent(ChildProcess::endTree);
    }, "copilot-run-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Process p = started.start(pb);
      p.getOutputStream().close();
      Thread o = out == null ? null : pump(p.getInputStream(), out);
      Thread e = err == null ? null : pump(p.getErrorStream(), err);
      int code = p.waitFor();
      for (Thread t : new Thread[] {o, e}) {
        if (t != null) {
          t.join();
        }
      }
      return code;
    } catch (InterruptedException ex) {
      started.stop().ifPresent(ChildProcess::endTree);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the command ran", ex);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }

  /** The child once started; after {@link #stop} nothing more is started. */
  static final class Started {
    private Process process;
    private boolean stopping;

    synchronized Process start(ProcessBuilder pb) throws IOException {
      if (stopping) {
        throw new IOException("copilot is stopping; the command was not started");
      }
      process = pb.start();
      return process;
    }

    synchronized Optional<Process> stop() {
      stopping = true;
      return Optional.ofNullable(process);
    }
  }

  /** SIGTERM to the process and its descendants, SIGKILL to whatever is left after the grace period. */
  static void endTree(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroy();
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.currentTimeMillis() + GRACE_MILLIS;
    try {
      p.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
      for (ProcessHandle h : tree) {
        long left = deadline - System.currentTimeMillis();
        if (left > 0) {
          h.onExit().get(left, TimeUnit.MILLISECONDS);
        }
      }
    } catch (Exception timedOutOrInterrupted) {
      // fall through to SIGKILL
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (p.isAlive()) {
      p.destroyForcibly();
    }
  }

  private static Thread pump(InputStream in, PrintWriter to) {
    Thread t = new Thread(() -> {
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        char[] buf = new char[8192];
        for (int n; (n = r.read(buf)) > 0; ) {
          synchronized (to) {
            to.write(buf, 0, n);
            to.flush();
          }
        }
      } catch (IOException ignored) {
        // the child closed its end
      }
    }, "copilot-run-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
