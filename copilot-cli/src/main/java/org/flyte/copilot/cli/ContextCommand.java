package org.flyte.copilot.cli;

import java.util.concurrent.Callable;

/**
 * A sub-command that reads the configuration or the store: {@link ContextExecutionStrategy} hands it
 * its {@link CliContext} before {@link #call()}.
 */
abstract class ContextCommand implements Callable<Integer> {
  /** Set before {@link #call()}. */
  CliContext ctx;
  private final boolean readsDefaultConfigFiles;

  ContextCommand() {
    this(true);
  }

  /**
   * @param readsDefaultConfigFiles whether config files are also looked for where Flyte's images keep
   *     them (./config.yaml, /etc/flyte/config/config.yaml); false for commands run on a developer
   *     machine, which read only --config
   */
  ContextCommand(boolean readsDefaultConfigFiles) {
    this.readsDefaultConfigFiles = readsDefaultConfigFiles;
  }

  boolean readsDefaultConfigFiles() {
    return readsDefaultConfigFiles;
  }
}
