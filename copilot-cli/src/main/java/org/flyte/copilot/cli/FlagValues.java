package org.flyte.copilot.cli;

import java.time.Duration;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.text.GoBase64;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Flag values taken as text and parsed as Go's copilot parses them, refused in the words of Go's flag
 * package: {@code invalid argument "<value>" for "<flag>" flag: <why>} (a command-line error, exit 1).
 */
final class FlagValues {
  private FlagValues() {}

  /** A Go duration ({@code 1h0m0s}, {@code 30s}, {@code 0}). */
  static Duration duration(CommandLine cl, String value, String flag) {
    try {
      return GoDurations.parse(value);
    } catch (IllegalArgumentException e) {
      throw invalid(cl, value, flag, e);
    }
  }

  /** Standard base64 with padding, read as Go's pflag reads it ({@link GoBase64}). */
  static byte[] base64(CommandLine cl, String value, String flag) {
    try {
      return GoBase64.decode(value);
    } catch (IllegalArgumentException e) {
      throw invalid(cl, value, flag, new IllegalArgumentException(GoBase64.problem(value)));
    }
  }

  private static ParameterException invalid(CommandLine cl, String value, String flag, IllegalArgumentException e) {
    return new ParameterException(cl, "invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + e.getMessage());
  }
}
