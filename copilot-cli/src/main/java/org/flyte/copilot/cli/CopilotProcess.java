package org.flyte.copilot.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs one copilot command as this process: the only place that exits the JVM. */
final class CopilotProcess {
  private CopilotProcess() {}

  static void run(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int code = CopilotCommand.execute(args, out, err, System.getenv(), SidecarDeferral.forExecutable(System.getenv()));
    out.flush();
    err.flush();
    System.exit(code);
  }
}
