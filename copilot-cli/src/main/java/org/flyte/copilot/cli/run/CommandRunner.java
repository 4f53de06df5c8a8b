package org.flyte.copilot.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Where the task's command runs: on this machine or in the task's image. */
public interface CommandRunner {
  /** Where the command's output goes: the console's writers, or one log file when {@code log} is set. */
  record Console(PrintWriter out, PrintWriter err, Path log) {}

  /** Gets ready before anything is uploaded, so that a missing image fails the run first. */
  default void prepare() throws IOException {}

  /** A few words for the progress line, e.g. "in alpine:3.20 (podman)". */
  String where();

  /**
   * Runs the command line (templates already filled in) of {@code task} with the run's folders.
   *
   * @return the command's exit code
   */
  int run(TaskSpec task, List<String> commandLine, RunWorkDir work, Console console) throws IOException;

  /** The failure message for a non-zero exit code. */
  default String describeExit(int code) {
    return "the command exited with code " + code;
  }

  /** Sends the command's output where {@code console} says. */
  static int start(ProcessBuilder pb, Console console, Runnable onStop) throws IOException {
    if (console.log() != null) {
      pb.redirectErrorStream(true).redirectOutput(console.log().toFile());
      return ChildProcess.run(pb, null, null, onStop);
    }
    return ChildProcess.run(pb, console.out(), console.err(), onStop);
  }
}
