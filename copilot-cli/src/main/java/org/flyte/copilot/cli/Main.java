package org.flyte.copilot.cli;

import org.flyte.copilot.upload.watch.SignalWatcher;

/**
 * Entry point of the {@code copilot} executable. Kept tiny on purpose: for {@code sidecar} the SIGTERM
 * handler is installed before any other class of copilot or its libraries is loaded, because until
 * then a SIGTERM ends the JVM (exit 143, outputs lost) or, as PID 1 of a container, is dropped.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (isSidecar(args)) {
      SignalWatcher.install();
    }
    CopilotProcess.run(args);
  }

  /** True when the sub-command is {@code sidecar}: the first argument that is not an option or its value. */
  public static boolean isSidecar(String[] args) {
    for (String a : args) {
      if (a.equals("sidecar")) {
        return true;
      }
      if (a.equals("download") || a.equals("run") || a.equals("pod") || a.equals("check") || a.equals("status")
          || a.equals("version") || a.equals("help")) {
        return false;
      }
    }
    return false;
  }
}
