package org.flyte.copilot.upload.watch;

/**
 * Tells the sidecar when the main container has exited, so the outputs are final. Implementations
 * are thread-safe; {@link #waitForExit} may be called more than once and returns at once after the
 * first return.
 */
public interface ContainerWatcher {

  /** The {@code --start-watcher-type}/{@code --exit-watcher-type} value that selects this watcher. */
  String type();

  /** Blocks until the main container has exited or the sidecar is told to stop. */
  void waitForExit() throws InterruptedException;
}
