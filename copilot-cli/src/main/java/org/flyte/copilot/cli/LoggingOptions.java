package org.flyte.copilot.cli;

import org.flyte.copilot.core.config.LoggerConfig;

/** Flyte's logger section as {@code --logger.*} flags, which every sub-command inherits. Unset flags stay null. */
public final class LoggingOptions {
  final ConfigFlags flags = new ConfigFlags()
      .value("logger.level", "<0-6>",
          "Log level, logrus numbering: 2 error, 3 warning (default), 4 info, 5 debug, 6 trace.")
      .bool("logger.mute", "Log nothing.");

  /** The logger flags as far as they can be read without the config; the config reconfigures logging. */
  LoggerConfig provisional() {
    String loggerLevel = flags.given("logger.level");
    String loggerMute = flags.given("logger.mute");
    int level = LoggerConfig.DEFAULT_LEVEL;
    try {
      level = loggerLevel == null ? level : Math.max(0, Math.min(6, Integer.parseInt(loggerLevel.strip())));
    } catch (NumberFormatException e) {
      // reported when the config is read
    }
    boolean mute = loggerMute != null && loggerMute.strip().equalsIgnoreCase("true");
    return new LoggerConfig(level, mute, false, LoggerConfig.DEFAULT.formatter());
  }
}
