package org.flyte.copilot.core.format;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON data model of {@code inputs.json}/{@code inputs.yaml}: what Go's copilot puts in its
 * variable map, with integers, unsigned integers and floats kept apart because Go renders them
 * differently. Immutable.
 */
public sealed interface JsonValue {

  /** JSON {@code null}. */
  JsonValue NULL = NullValue.INSTANCE;

  static JsonValue of(boolean b) {
    return new BoolValue(b);
  }

  static JsonValue of(long v) {
    return new IntValue(v);
  }

  static JsonValue of(double v) {
    return new FloatValue(v, false);
  }

  static JsonValue of(String s) {
    return new StringValue(s);
  }

  static JsonValue array(List<JsonValue> items) {
    return new ArrayValue(items);
  }

  static JsonValue array(JsonValue... items) {
    return new ArrayValue(Arrays.asList(items));
  }

  /** An object; key order does not matter (writers sort). */
  static JsonValue object(Map<String, JsonValue> fields) {
    return new ObjectValue(fields);
  }

  /** {@code null}. */
  enum NullValue implements JsonValue {
    INSTANCE
  }

  /** {@code true} or {@code false}. */
  record BoolValue(boolean value) implements JsonValue {}

  /** A signed 64-bit integer, written exactly. */
  record IntValue(long value) implements JsonValue {}

  /** An unsigned 64-bit integer held in the bits of a long, written exactly. */
  record UIntValue(long bits) implements JsonValue {
    public String text() {
      return Long.toUnsignedString(bits);
    }
  }

  /**
   * A float64 (or, with {@code single}, a float32) number. NaN and infinities, which JSON cannot
   * hold, are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
   */
  record FloatValue(double value, boolean single) implements JsonValue {}

  /** A string. */
  record StringValue(String value) implements JsonValue {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }
  }

  /** An array. */
  record ArrayValue(List<JsonValue> items) implements JsonValue {
    public ArrayValue {
      items = List.copyOf(items);
    }
  }

  /** An object; its fields in no particular order (writers sort the keys). */
  record ObjectValue(Map<String, JsonValue> fields) implements JsonValue {
    public ObjectValue {
      fields = Map.copyOf(fields); // compact, and no copy of a map that is already immutable
    }
  }
}
