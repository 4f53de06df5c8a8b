package org.flyte.copilot.core.format;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.format.JsonValue.ArrayValue;
import org.flyte.copilot.core.format.JsonValue.BoolValue;
import org.flyte.copilot.core.format.JsonValue.FloatValue;
import org.flyte.copilot.core.format.JsonValue.IntValue;
import org.flyte.copilot.core.format.JsonValue.NullValue;
import org.flyte.copilot.core.format.JsonValue.ObjectValue;
import org.flyte.copilot.core.format.JsonValue.StringValue;
import org.flyte.copilot.core.format.JsonValue.UIntValue;
import org.flyte.copilot.core.literal.text.GoFloats;
import org.flyte.copilot.core.literal.text.GoJson;
import org.flyte.copilot.core.literal.text.GoStrings;

/**
 * Writes {@code inputs.json} exactly as Go's {@code json.Marshal} writes the variable map
 * (docs/compatibility.md, "Metadata files"): compact, keys in byte order, HTML-safe escaping, Go float text.
 * Unlike Go,
 * NaN and infinities do not fail: they become the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"} (protobuf JSON's spelling). No trailing newline.
 */
public final class JsonWriter {
  private JsonWriter() {}

  /** The compact JSON text of {@code value}. */
  public static String write(JsonValue value) {
    StringBuilder b = new StringBuilder();
    append(b, value);
    return b.toString();
  }

  /** Appends the compact JSON text of {@code value}. */
  public static void append(StringBuilder b, JsonValue value) {
    if (value instanceof NullValue) {
      b.append("null");
    } else if (value instanceof BoolValue v) {
      b.append(v.value());
    } else if (value instanceof IntValue v) {
      b.append(v.value());
    } else if (value instanceof UIntValue v) {
      b.append(v.text());
    } else if (value instanceof FloatValue v) {
      String special = nonFiniteName(v.value());
      if (special != null) {
        GoStrings.appendJsonQuoted(b, special);
      } else {
        b.append(numberText(v));
      }
    } else if (value instanceof StringValue v) {
      GoStrings.appendJsonQuoted(b, v.value());
    } else if (value instanceof ArrayValue v) {
      b.append('[');
      boolean first = true;
      for (JsonValue item : v.items()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        append(b, item);
      }
      b.append(']');
    } else if (value instanceof ObjectValue v) {
      appendObject(b, v.fields(), (key, field) -> append(b, field));
    } else {
      throw new IllegalArgumentException("unknown JSON value " + value);
    }
  }

  /** Appends the text of one field's value; fails as the caller's output does. */
  @FunctionalInterface
  public interface FieldAppender<V, E extends Exception> {
    void append(String key, V value) throws E;
  }

  /** Appends an object of {@code fields}, keys in Go's order, each value appended by {@code values}. */
  public static <V, E extends Exception> void appendObject(StringBuilder b, Map<String, V> fields,
      FieldAppender<V, E> values) throws E {
    b.append('{');
    boolean first = true;
    for (String key : sortedKeys(fields.keySet())) {
      if (!first) {
        b.append(',');
      }
      first = false;
      GoStrings.appendJsonQuoted(b, key);
      b.append(':');
      values.append(key, fields.get(key));
    }
    b.append('}');
  }

  /** {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} for non-finite values, else null. */
  static String nonFiniteName(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    return null;
  }

  /** Go's JSON text of a finite float. */
  static String numberText(FloatValue v) {
    return v.single() ? GoFloats.json32((float) v.value()) : GoFloats.json(v.value());
  }

  static List<String> sortedKeys(Collection<String> names) {
    List<String> keys = new ArrayList<>(names);
    keys.sort(GoJson.KEY_ORDER);
    return keys;
  }
}
