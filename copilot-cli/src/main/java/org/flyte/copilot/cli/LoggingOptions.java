package org.flyte.copilot.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.config.LoggerConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Flyte's logger section as {@code --logger.*} flags, a mixin every sub-command inherits. Unset flags stay null. */
public final class LoggingOptions {
  @Option(names = "--logger.level", scope = ScopeType.INHERIT, paramLabel = "<0-6>",
      description = "Log level, logrus numbering: 2 error, 3 warning (default), 4 info, 5 debug, 6 trace.")
  String loggerLevel;

  @Option(names = "--logger.mute", scope = ScopeType.INHERIT, arity = "1",
      paramLabel = "<bool>", description = "Log nothing.")
  String loggerMute;

  @Option(names = "--logger.formatter.type", scope = ScopeType.INHERIT, hidden = true,
      description = "Accepted for compatibility; unused.")
  List<String> ignoredLogger = new ArrayList<>();

  @Option(names = "--logger.show-source", scope = ScopeType.INHERIT, hidden = true, arity = "1",
      description = "Accepted for compatibility; unused.")
  String ignoredShowSource;

  /** The logger flags that were given, as dotted config keys, into {@code m}. */
  void addConfigFlags(Map<String, List<String>> m) {
    GlobalOptions.put(m, "logger.level", loggerLevel);
    GlobalOptions.put(m, "logger.mute", loggerMute);
  }

  /** The logger flags as far as they can be read without the config; the config reconfigures logging. */
  LoggerConfig provisional() {
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
