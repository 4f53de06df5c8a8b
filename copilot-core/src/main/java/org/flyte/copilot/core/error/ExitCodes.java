package org.flyte.copilot.core.error;

/** The exit codes of a copilot command that are not about a failure with an error document ({@link ErrorCode}). */
public final class ExitCodes {
  public static final int OK = 0;
  /** A failure reported on stderr only: a bad command line, a bad config, a store that cannot be opened. */
  public static final int FAILED = 1;

  private ExitCodes() {}
}
