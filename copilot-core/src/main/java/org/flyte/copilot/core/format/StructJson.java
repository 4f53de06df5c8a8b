package org.flyte.copilot.core.format;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code google.protobuf.Struct} (a generic scalar) as a JSON value, the shape Go's {@code jsonpb}
 * gives it: numbers are float64, NaN and infinities become strings, an unset {@code Value} is null.
 */
public final class StructJson {
  private StructJson() {}

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
