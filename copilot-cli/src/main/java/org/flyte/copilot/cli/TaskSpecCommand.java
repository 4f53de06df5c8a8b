package org.flyte.copilot.cli;

import picocli.CommandLine.Mixin;

/**
 * A command about a task spec file ({@code run}, {@code pod}), run on a developer machine: it reads
 * config files only from --config, not where Flyte's images keep them.
 */
abstract class TaskSpecCommand extends ContextCommand {
  @Mixin TaskSpecFile spec;

  TaskSpecCommand() {
    super(false);
  }
}
