package org.flyte.copilot.cli;

import java.util.Map;
import org.flyte.copilot.core.config.ConfigLoader;
import org.flyte.copilot.core.config.CopilotConfig;
import org.flyte.copilot.core.storage.RoutingStore;
import org.flyte.copilot.core.storage.Stores;
import picocli.CommandLine;

/** What a running command shares: parsed global flags, the environment, config and store (both lazy). */
public final class CliContext {
  private final GlobalOptions global;
  private final Map<String, String> env;
  private final CommandLine commandLine;
  private final boolean stacktrace;
  private CopilotConfig config;
  private RoutingStore store;
  private boolean fallbackConfigFiles = true;

  CliContext(GlobalOptions global, Map<String, String> env, CommandLine commandLine, boolean stacktrace) {
    this.global = global;
    this.env = env;
    this.commandLine = commandLine;
    this.stacktrace = stacktrace;
    // One line per record from the start, also for what is logged before the config is read.
    Logging.configure(global.logging.provisional(), commandLine.getErr());
  }

  /** Reads config files only from --config: for commands run on a developer machine, not in a pod. */
  CliContext withoutFallbackConfigFiles() {
    fallbackConfigFiles = false;
    return this;
  }

  public GlobalOptions global() {
    return global;
  }

  public Map<String, String> env() {
    return env;
  }

  public CommandLine commandLine() {
    return commandLine;
  }

  /** The merged configuration; loads it (and sets up logging) on first use. */
  public synchronized CopilotConfig config() {
    if (config == null) {
      config = ConfigLoader.load(global.config, env, global.configFlags(), fallbackConfigFiles);
      Logging.configure(config.logger(), commandLine.getErr());
    }
    return config;
  }

  /** Checks the storage settings as {@link #store()} would, without opening a client or dialling. */
  public void checkStorage() {
    Stores.check(config().storage());
  }

  /** The store, opened on first use; the primary container is checked so a bad bucket fails early. */
  public synchronized RoutingStore store() {
    if (store == null) {
      RoutingStore opened = Stores.open(config().storage());
      try {
        opened.checkPrimaryContainer();
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
      store = opened;
    }
    return store;
  }

  /** After a failure's message on stderr, its stack trace too (only with {@code --stacktrace}). */
  public void printStackTrace(Throwable failure) {
    StackTraces.printIf(stacktrace, failure, commandLine.getErr());
  }

  public String errOutputName() {
    return global.errOutputName;
  }
}
