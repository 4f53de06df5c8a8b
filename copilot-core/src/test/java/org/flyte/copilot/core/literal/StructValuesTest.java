package org.flyte.copilot.core.literal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.flyte.copilot.core.format.JsonWriter;
import org.junit.jupiter.api.Test;

class StructValuesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void struct_ofJsonObject_numbersAreDoublesAndNullIsNull() throws Exception {
    Struct s = StructValues.struct(JSON.readTree("{\"n\": 1, \"l\": [true, null], \"o\": {\"s\": \"x\"}}"));

    assertThat(s).isEqualTo(Struct.newBuilder()
        .putFields("n", Value.newBuilder().setNumberValue(1.0).build())
        .putFields("l", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setBoolValue(true))
            .addValues(Value.newBuilder().setNullValue(NullValue.NULL_VALUE))).build())
        .putFields("o", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("s", Value.newBuilder().setStringValue("x").build())).build())
        .build());
  }

  @Test
  void value_ofMissingNode_isNull() {
    // copilot run used to make "" of a missing node, the sidecar null; null is what Go's jsonpb gives
    assertThat(StructValues.value(MissingNode.getInstance()))
        .isEqualTo(Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build());
  }

  @Test
  void value_ofYamlBinary_isItsBase64Text() {
    assertThat(StructValues.value(BinaryNode.valueOf(new byte[] {1, 2, 3})).getStringValue()).isEqualTo("AQID");
  }

  @Test
  void toJson_writesTheShapeGoWrites() throws Exception {
    Struct s = StructValues.struct(JSON.readTree("{\"b\": [1.5, \"t\", false], \"a\": null, \"c\": {\"d\": 10}}"));

    assertThat(JsonWriter.write(StructValues.toJson(s))).isEqualTo("{\"a\":null,\"b\":[1.5,\"t\",false],\"c\":{\"d\":10}}");
    assertThat(JsonWriter.write(StructValues.toJson(Value.getDefaultInstance()))).isEqualTo("null");
  }
}
