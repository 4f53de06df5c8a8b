package org.flyte.copilot.core.storage;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.literal.text.GoDurations;

/**
 * Typed values of a backend's stow config map (sizes, whole numbers, Go durations), each checked
 * against its bounds; a bad value is a {@link ConfigException} naming {@code <section>.<name>}.
 */
public final class StowValues {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");

  private final StowConfig stow;
  private final String section;

  /** @param section the key the map lives under, e.g. {@code storage.stow.config} */
  public StowValues(StowConfig stow, String section) {
    this.stow = stow;
    this.section = section;
  }

  /** The full key of {@code name}, for messages. */
  public String key(String name) {
    return section + "." + name;
  }

  /** A size in bytes from {@code min} to {@code max}: a plain number or one with KiB/MiB/GiB/KB/MB/GB. */
  public long size(String name, long dflt, long min, long max) {
    return size(name, dflt, min, max, "must be from " + min + " to " + max + " bytes");
  }

  /**
   * A size in bytes from {@code min} to {@code max}; one outside is reported as {@code [value]
   * <outOfRange>}, so a backend can say why its bounds are what they are.
   */
  public long size(String name, long dflt, long min, long max, String outOfRange) {
    return size(name, dflt, min, max, outOfRange, false);
  }

  /**
   * As {@link #size(String, long, long, long, String)}; with {@code signed}, a leading {@code +} or
   * {@code -} is read as Go's and Java's integer parsers read it (the GCS backend always took one), so
   * {@code -1} is out of range rather than not a size.
   */
  public long size(String name, long dflt, long min, long max, String outOfRange, boolean signed) {
    String v = stow.get(name).trim();
    if (v.isEmpty()) {
      return dflt;
    }
    boolean hasSign = signed && (v.startsWith("+") || v.startsWith("-"));
    long n = parseSize(hasSign ? v.substring(1) : v);
    if (n < 0) {
      throw new ConfigException(key(name), "[" + v + "] is not a size (bytes, or a number with KiB/MiB/GiB)");
    }
    if (hasSign && v.startsWith("-")) {
      n = -n;
    }
    if (n < min || n > max) {
      throw new ConfigException(key(name), "[" + v + "] " + outOfRange);
    }
    return n;
  }

  /** Bytes in {@code text} (a plain number, or one with KiB/MiB/GiB/KB/MB/GB/K/M/G), or -1 when it is not a size. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
    long n = -1;
    if (m.matches()) {
      long unit = switch (m.group(2)) {
        case "", "b" -> 1L;
        case "k", "ki", "kib" -> 1L << 10;
        case "m", "mi", "mib" -> 1L << 20;
        case "g", "gi", "gib" -> 1L << 30;
        case "kb" -> 1_000L;
        case "mb" -> 1_000_000L;
        case "gb" -> 1_000_000_000L;
        default -> -1L;
      };
      try {
        n = unit < 0 ? -1 : Math.multiplyExact(Long.parseLong(m.group(1)), unit);
      } catch (NumberFormatException | ArithmeticException e) {
        n = -1;
      }
    }
    return n;
  }

  /** A whole number from {@code min} to {@code max}. */
  public int integer(String name, int dflt, int min, int max) {
    String v = stow.get(name).trim();
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException(key(name), "[" + v + "] must be a whole number from " + min + " to " + max);
  }

  /** A positive Go duration ({@code 30s}, {@code 1m30s}). */
  public Duration duration(String name, Duration dflt) {
    return duration(name, dflt, "30s, 2m");
  }

  /** A positive Go duration; {@code examples} are shown when the value is not one. */
  public Duration duration(String name, Duration dflt, String examples) {
    String v = stow.get(name).trim();
    if (v.isEmpty()) {
      return dflt;
    }
    Duration d;
    try {
      d = GoDurations.parse(v);
    } catch (RuntimeException e) {
      throw new ConfigException(key(name), "[" + v + "] is not a duration (e.g. " + examples + ")");
    }
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException(key(name), "[" + v + "] must be positive");
    }
    return d;
  }
}
