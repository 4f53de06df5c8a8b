package org.flyte.copilot.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process with captured output, as picocli's manual recommends for tests. */
final class CliRunner {
  record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  static Result run(Map<String, String> env, String... args) {
    return run(env, new StringWriter(), args);
  }

  /** Like {@link #run(String...)}, with standard output also readable while the command runs. */
  static Result run(StringWriter out, String... args) {
    return run(Map.of(), out, args);
  }

  private static Result run(Map<String, String> env, StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    int code = CopilotCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
    return new Result(code, out.toString(), err.toString());
  }

  static Result run(String... args) {
    return run(Map.of(), args);
  }
}
