package org.flyte.copilot.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/** Hands each command the environment before it runs; config is loaded lazily by {@link CliContext}. */
final class ContextExecutionStrategy implements IExecutionStrategy {
  private final Map<String, String> env;

  ContextExecutionStrategy(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public int execute(ParseResult parseResult) {
    ParseResult last = parseResult;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    Object cmd = last.commandSpec().userObject();
    if (cmd instanceof ContextCommand c) {
      CopilotCommand root = (CopilotCommand) parseResult.commandSpec().userObject();
      CliContext ctx = new CliContext(root.global, env, last.commandSpec().commandLine(),
          StackTraces.requested(parseResult));
      c.ctx = c.readsDefaultConfigFiles() ? ctx : ctx.withoutFallbackConfigFiles();
    }
    return new CommandLine.RunLast().execute(parseResult);
  }
}
