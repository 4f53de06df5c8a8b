package org.flyte.copilot.core.testing;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/** A protobuf Struct the JSON and golden tests share. */
public final class SampleStructs {
  private SampleStructs() {}

  /**
   * Fields "a" to "f", out of key order: a string, a number, a bool, a null, a list and a nested
   * struct; callers add their own fields before building.
   */
  public static Struct.Builder everyKind() {
    return Struct.newBuilder()
        .putFields("b", Value.newBuilder().setStringValue("x").build())
        .putFields("a", Value.newBuilder().setNumberValue(1.5).build())
        .putFields("c", Value.newBuilder().setBoolValue(true).build())
        .putFields("d", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
        .putFields("e", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setNumberValue(1))
            .addValues(Value.newBuilder().setStringValue("y"))).build())
        .putFields("f", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("z", Value.newBuilder().setNumberValue(1e7).build())).build());
  }
}
