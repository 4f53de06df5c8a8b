package org.flyte.copilot.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.flyte.copilot.core.testing.SampleStructs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flyte.copilot.core.literal.StructValues;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  /** The v2 example of docs/compatibility.md, "Metadata files". */
  static JsonValue contractExample() {
    Map<String, JsonValue> m = new LinkedHashMap<>();
    m.put("str", JsonValue.of("hello\nworld"));
    m.put("none", JsonValue.NULL);
    m.put("nested", JsonValue.object(Map.of("k", JsonValue.of("v"))));
    m.put("list", JsonValue.array(JsonValue.of("a"), JsonValue.of(1L)));
    m.put("int", JsonValue.of(42L));
    m.put("generic", JsonValue.object(Map.of("a", JsonValue.of(1.5), "b", JsonValue.of("x"))));
    m.put("f4", JsonValue.of(1e-7));
    m.put("f3", JsonValue.of(1e21));
    m.put("f2", JsonValue.of(3.14));
    m.put("f1", JsonValue.of(1.0));
    m.put("emptylist", JsonValue.array());
    m.put("dur", JsonValue.of(3723004000000L));
    m.put("dt", JsonValue.of("2020-01-02T03:04:05.6Z"));
    m.put("bool", JsonValue.of(true));
    m.put("blob", JsonValue.of("/var/inputs/blob"));
    m.put("bin", JsonValue.of("aGk="));
    return JsonValue.object(m);
  }

  @Test
  void write_contractExample() {
    assertThat(JsonWriter.write(contractExample())).isEqualTo(
        "{\"bin\":\"aGk=\",\"blob\":\"/var/inputs/blob\",\"bool\":true,\"dt\":\"2020-01-02T03:04:05.6Z\","
            + "\"dur\":3723004000000,\"emptylist\":[],\"f1\":1,\"f2\":3.14,\"f3\":1e+21,\"f4\":1e-7,"
            + "\"generic\":{\"a\":1.5,\"b\":\"x\"},\"int\":42,\"list\":[\"a\",1],\"nested\":{\"k\":\"v\"},"
            + "\"none\":null,\"str\":\"hello\\nworld\"}");
  }

  @Test
  void write_emptyObject() {
    assertThat(JsonWriter.write(JsonValue.object(Map.of()))).isEqualTo("{}");
  }

  @Test
  void write_nonFiniteFloatsAsStrings() {
    JsonValue v = JsonValue.array(JsonValue.of(Double.NaN), JsonValue.of(Double.POSITIVE_INFINITY),
        JsonValue.of(Double.NEGATIVE_INFINITY), JsonValue.of(-0.0));
    assertThat(JsonWriter.write(v)).isEqualTo("[\"NaN\",\"Infinity\",\"-Infinity\",-0]");
  }

  @Test
  void write_unsignedAndHtmlEscapes() {
    JsonValue v = JsonValue.object(Map.of("<k>", new JsonValue.UIntValue(-1L)));
    assertThat(JsonWriter.write(v)).isEqualTo("{\"\\u003ck\\u003e\":18446744073709551615}");
  }

  @Test
  void structJson_matchesJsonpbShape() {
    Struct s = SampleStructs.everyKind()
        .putFields("g", Value.newBuilder().setStringValue("<&>").build())
        .putFields("h", Value.newBuilder().setNumberValue(Double.NaN).build())
        .build();
    assertThat(JsonWriter.write(StructValues.toJson(s))).isEqualTo(
        "{\"a\":1.5,\"b\":\"x\",\"c\":true,\"d\":null,\"e\":[1,\"y\"],\"f\":{\"z\":10000000},"
            + "\"g\":\"\\u003c\\u0026\\u003e\",\"h\":\"NaN\"}");
  }
}
