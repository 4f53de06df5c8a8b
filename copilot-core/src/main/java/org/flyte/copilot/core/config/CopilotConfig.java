package org.flyte.copilot.core.config;

/** Everything read from config files, environment and flags. */
public record CopilotConfig(StorageConfig storage, LoggerConfig logger) {}
