package org.flyte.copilot.core.config;

/** Flyte's {@code logger} section; the level follows logrus numbering (0 panic .. 5 debug, 6 trace). */
public record LoggerConfig(int level, boolean mute, boolean showSource, String formatter) {
  /** flytestdlib's default: warnings and errors only. */
  public static final int DEFAULT_LEVEL = 3;

  /** The section when nothing sets it. */
  public static final LoggerConfig DEFAULT = new LoggerConfig(DEFAULT_LEVEL, false, false, "json");
}
