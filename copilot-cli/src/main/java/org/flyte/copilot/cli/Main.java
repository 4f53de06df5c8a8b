package org.flyte.copilot.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.flyte.copilot.upload.watch.SignalWatcher;

/** Entry point of the {@code copilot} executable. The only place that exits the JVM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (isSidecar(args)) {
      // Before anything slow, even argument parsing: a SIGTERM from now on is the exit signal (D3).
      SignalWatcher.install();
    }
    SidecarCommand.inProcess = false;
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = CopilotCommand.execute(args, out, err, System.getenv());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** True when the sub-command is {@code sidecar}: the first argument that is not an option or its value. */
  static boolean isSidecar(String[] args) {
    for (String a : args) {
      if (a.equals("sidecar")) {
        return true;
      }
      if (a.equals("download") || a.equals("run") || a.equals("version") || a.equals("help")) {
        return false;
      }
    }
    return false;
  }
}
