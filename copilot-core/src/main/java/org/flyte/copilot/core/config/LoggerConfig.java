package org.flyte.copilot.core.config;

/** Flyte's {@code logger} section; the level follows logrus numbering (0 panic .. 5 debug, 6 trace). */
public record LoggerConfig(int level, boolean mute, boolean showSource, String formatter) {}
