package org.flyte.copilot.core.literal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.format.JsonValue;

/**
 * {@code google.protobuf.Struct} (a generic scalar) to and from JSON. From a JSON/YAML tree: numbers
 * become doubles as in protobuf JSON, a null or missing node is null, YAML {@code !!binary} is its
 * base64 text. To a JSON value, the shape Go's {@code jsonpb} gives it: numbers are float64, NaN and
 * infinities become strings, an unset {@code Value} is null.
 */
public final class StructValues {
  private StructValues() {}

  /** The struct of a JSON/YAML object node. */
  public static Struct struct(JsonNode object) {
    Struct.Builder b = Struct.newBuilder();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      b.putFields(e.getKey(), value(e.getValue()));
    }
    return b.build();
  }

  public static Value value(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (n.isObject()) {
      return Value.newBuilder().setStructValue(struct(n)).build();
    }
    if (n.isArray()) {
      ListValue.Builder l = ListValue.newBuilder();
      for (JsonNode e : n) {
        l.addValues(value(e));
      }
      return Value.newBuilder().setListValue(l).build();
    }
    if (n.isNumber()) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (n.isBoolean()) {
      return Value.newBuilder().setBoolValue(n.booleanValue()).build();
    }
    if (n.isBinary()) {
      try {
        return Value.newBuilder().setStringValue(Base64.getEncoder().encodeToString(n.binaryValue())).build();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return Value.newBuilder().setStringValue(n.asText()).build();
  }

  public static JsonValue toJson(Struct struct) {
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
      fields.put(e.getKey(), toJson(e.getValue()));
    }
    return JsonValue.object(fields);
  }

  public static JsonValue toJson(Value value) {
    return switch (value.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> JsonValue.NULL;
      case NUMBER_VALUE -> JsonValue.of(value.getNumberValue());
      case STRING_VALUE -> JsonValue.of(value.getStringValue());
      case BOOL_VALUE -> JsonValue.of(value.getBoolValue());
      case STRUCT_VALUE -> toJson(value.getStructValue());
      case LIST_VALUE -> toJson(value.getListValue());
    };
  }

  private static JsonValue toJson(ListValue list) {
    List<JsonValue> items = new ArrayList<>(list.getValuesCount());
    for (Value v : list.getValuesList()) {
      items.add(toJson(v));
    }
    return JsonValue.array(items);
  }
}
