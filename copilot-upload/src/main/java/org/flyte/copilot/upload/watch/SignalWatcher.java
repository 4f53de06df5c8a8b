package org.flyte.copilot.upload.watch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Waits for SIGTERM, which the kubelet sends a native sidecar once the main container has exited
 * (docs/compatibility.md, "Watchers"). The handler is installed by {@link #install()} and stays installed,
 * so a
 * second SIGTERM during the upload does not kill the process (the grace period's SIGKILL still
 * does). Thread-safe.
 */
public final class SignalWatcher implements ContainerWatcher {
  public static final String TYPE = "signal";
  private static final Object LOCK = new Object();
  private static SignalWatcher installed;

  private final CountDownLatch signalled = new CountDownLatch(1);

  private SignalWatcher() {}

  /**
   * Installs the SIGTERM handler (once per process) and returns the watcher that observes it. Call
   * this before anything slow: a SIGTERM that arrives earlier kills the JVM without an error document.
   */
  public static SignalWatcher install() {
    synchronized (LOCK) {
      if (installed == null) {
        SignalWatcher w = new SignalWatcher();
        Signal.handle(new Signal("TERM"), new Handler(w.signalled));
        installed = w;
      }
      return installed;
    }
  }

  /**
   * A class, not a lambda: a lambda's first use bootstraps java.lang.invoke (~150 classes, tens of
   * milliseconds in a 500m pod), and until this handler is installed a SIGTERM is lost.
   */
  private static final class Handler implements sun.misc.SignalHandler {
    private final CountDownLatch signalled;

    Handler(CountDownLatch signalled) {
      this.signalled = signalled;
    }

    @Override
    public void handle(Signal sig) {
      signalled.countDown();
    }
  }

  /**
   * A watcher not bound to the process's SIGTERM, ended only by {@link #trigger()}: for embedding
   * the sidecar where something else decides when the main container has exited, and for tests.
   */
  public static SignalWatcher detached() {
    return new SignalWatcher();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void waitForExit() throws InterruptedException {
    signalled.await();
  }

  /** Waits at most {@code timeout}; true once SIGTERM has arrived. */
  public boolean awaitSignal(long timeout, TimeUnit unit) throws InterruptedException {
    return signalled.await(timeout, unit);
  }

  /** True once SIGTERM has arrived. */
  public boolean isSignalled() {
    return signalled.getCount() == 0;
  }

  /** Acts as if SIGTERM had arrived (for a sidecar told to stop by other means, and for tests). */
  public void trigger() {
    signalled.countDown();
  }
}
