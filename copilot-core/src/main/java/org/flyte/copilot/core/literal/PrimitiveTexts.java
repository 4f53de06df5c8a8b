package org.flyte.copilot.core.literal;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Primitive;
import java.nio.charset.StandardCharsets;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.literal.text.GoFloats;
import org.flyte.copilot.core.literal.text.GoTimes;

/** Primitives as Go's copilot writes them: the text of an input file, datetimes and durations. */
public final class PrimitiveTexts {
  private PrimitiveTexts() {}

  /** The file content of a primitive input (§2.3): Go's formatting of each kind, {@code null} when unset. */
  public static byte[] fileBytes(Primitive prim) {
    String text = switch (prim.getValueCase()) {
      case INTEGER -> Long.toString(prim.getInteger());
      case FLOAT_VALUE -> GoFloats.fileText(prim.getFloatValue());
      case STRING_VALUE -> null;
      case BOOLEAN -> Boolean.toString(prim.getBoolean());
      case DATETIME -> datetime(prim.getDatetime());
      case DURATION -> durationText(prim.getDuration());
      case VALUE_NOT_SET -> "null";
    };
    // a string's bytes are written as they came, even when they are not valid UTF-8
    return text == null ? prim.getStringValueBytes().toByteArray() : text.getBytes(StandardCharsets.UTF_8);
  }

  /** RFC 3339 with nanoseconds, as Go's {@code time.RFC3339Nano}. */
  public static String datetime(Timestamp t) {
    return GoTimes.rfc3339Nano(t.getSeconds(), t.getNanos());
  }

  /** Nanoseconds, saturated to the int64 range as Go's {@code time.Duration}. */
  public static long durationNanos(Duration d) {
    return GoDurations.saturatedNanos(d.getSeconds(), d.getNanos());
  }

  /** Go's {@code Duration.String()}: {@code 1h2m3.5s}. */
  public static String durationText(Duration d) {
    return GoDurations.format(durationNanos(d));
  }
}
