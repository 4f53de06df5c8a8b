package org.flyte.copilot.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Base64;
import java.util.Map;

/** JSON/YAML trees as {@code google.protobuf.Struct} values (numbers become doubles, as in protobuf JSON). */
final class StructValues {
  private StructValues() {}

  static Struct struct(JsonNode object) {
    Struct.Builder b = Struct.newBuilder();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      b.putFields(e.getKey(), value(e.getValue()));
    }
    return b.build();
  }

  static Value value(JsonNode n) {
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
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return Value.newBuilder().setStringValue(n.asText()).build();
  }
}
