package org.flyte.copilot.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flyte.copilot.upload.Fixture.outputs;
import static org.flyte.copilot.upload.Fixture.simple;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Void;
import flyteidl.core.Types.Error;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimpleTypesTest extends FixtureTestBase {

  private static Literal prim(Primitive.Builder p) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(p)).build();
  }

  private static Literal scalar(Scalar.Builder s) {
    return Literal.newBuilder().setScalar(s).build();
  }

  @Test
  void everySimpleType_isReadWithExactLiterals() throws Exception {
    f.write("i", "42\n");
    f.write("neg", "  -7\r\n");
    f.write("fl", "1_000.5");
    f.write("hex", "0x1p-2");
    f.write("s", "hello\r\nworld\r\n");
    f.write("b", "Yes");
    f.write("dt", "2020-01-02T03:04:05.6+01:00");
    f.write("dtutc", "2020-01-02T03:04:05");
    f.write("dur", "1h2m3.5s");
    f.write("iso", "PT1H2M");
    f.write("py", "1 day, 2:03:04.500000");
    Files.write(f.outDir.resolve("bin"), new byte[] {0, 1, 2, ' ', '\n'});
    f.write("err", "boom\n");
    f.write("st", "{\"a\": 1.5, \"b\": [1, \"y\"], \"c\": null, \"d\": {\"e\": true}}");
    f.write("none", "whatever");

    LiteralMap m = f.upload(outputs(
        "i", simple(SimpleType.INTEGER), "neg", simple(SimpleType.INTEGER),
        "fl", simple(SimpleType.FLOAT), "hex", simple(SimpleType.FLOAT),
        "s", simple(SimpleType.STRING), "b", simple(SimpleType.BOOLEAN),
        "dt", simple(SimpleType.DATETIME), "dtutc", simple(SimpleType.DATETIME),
        "dur", simple(SimpleType.DURATION), "iso", simple(SimpleType.DURATION), "py", simple(SimpleType.DURATION),
        "bin", simple(SimpleType.BINARY), "err", simple(SimpleType.ERROR), "st", simple(SimpleType.STRUCT),
        "none", simple(SimpleType.NONE)));

    assertThat(m.getLiteralsOrThrow("i")).isEqualTo(prim(Primitive.newBuilder().setInteger(42)));
    assertThat(m.getLiteralsOrThrow("neg")).isEqualTo(prim(Primitive.newBuilder().setInteger(-7)));
    assertThat(m.getLiteralsOrThrow("fl")).isEqualTo(prim(Primitive.newBuilder().setFloatValue(1000.5)));
    assertThat(m.getLiteralsOrThrow("hex")).isEqualTo(prim(Primitive.newBuilder().setFloatValue(0.25)));
    assertThat(m.getLiteralsOrThrow("s")).isEqualTo(prim(Primitive.newBuilder().setStringValue("hello\r\nworld")));
    assertThat(m.getLiteralsOrThrow("b")).isEqualTo(prim(Primitive.newBuilder().setBoolean(true)));
    assertThat(m.getLiteralsOrThrow("dt")).isEqualTo(prim(Primitive.newBuilder()
        .setDatetime(Timestamp.newBuilder().setSeconds(1577934245L - 3600).setNanos(600_000_000))));
    assertThat(m.getLiteralsOrThrow("dtutc")).isEqualTo(prim(Primitive.newBuilder()
        .setDatetime(Timestamp.newBuilder().setSeconds(1577934245L))));
    assertThat(m.getLiteralsOrThrow("dur")).isEqualTo(prim(Primitive.newBuilder()
        .setDuration(Duration.newBuilder().setSeconds(3723).setNanos(500_000_000))));
    assertThat(m.getLiteralsOrThrow("iso")).isEqualTo(prim(Primitive.newBuilder()
        .setDuration(Duration.newBuilder().setSeconds(3720))));
    assertThat(m.getLiteralsOrThrow("py")).isEqualTo(prim(Primitive.newBuilder()
        .setDuration(Duration.newBuilder().setSeconds(86400 + 7384).setNanos(500_000_000))));
    assertThat(m.getLiteralsOrThrow("bin")).isEqualTo(scalar(Scalar.newBuilder().setBinary(
        Binary.newBuilder().setValue(ByteString.copyFrom(new byte[] {0, 1, 2, ' ', '\n'})).setTag("msgpack"))));
    assertThat(m.getLiteralsOrThrow("err")).isEqualTo(scalar(Scalar.newBuilder().setError(Error.newBuilder().setMessage("boom"))));
    assertThat(m.getLiteralsOrThrow("st")).isEqualTo(scalar(Scalar.newBuilder().setGeneric(Struct.newBuilder()
        .putFields("a", Value.newBuilder().setNumberValue(1.5).build())
        .putFields("b", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setNumberValue(1)).addValues(Value.newBuilder().setStringValue("y"))).build())
        .putFields("c", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
        .putFields("d", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("e", Value.newBuilder().setBoolValue(true).build())).build()))));
    assertThat(m.getLiteralsOrThrow("none")).isEqualTo(scalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance())));
    assertThat(m.getLiteralsMap().keySet()).containsExactly("i", "neg", "fl", "hex", "s", "b", "dt", "dtutc", "dur",
        "iso", "py", "bin", "err", "st", "none");
  }

  @Test
  void structInYamlAndNull_areAccepted() {
    f.write("y", "a: 1\nb: [x, 2]\n");
    f.write("n", "null\n");
    LiteralMap m = f.upload(outputs("y", simple(SimpleType.STRUCT), "n", simple(SimpleType.STRUCT)));
    assertThat(m.getLiteralsOrThrow("y").getScalar().getGeneric().getFieldsOrThrow("b").getListValue().getValuesCount())
        .isEqualTo(2);
    assertThat(m.getLiteralsOrThrow("n")).isEqualTo(scalar(Scalar.newBuilder().setGeneric(Struct.getDefaultInstance())));
  }

  @Test
  void extensionMatch_findsTheSingleCandidate() {
    f.write("x.txt", "5");
    LiteralMap m = f.upload(outputs("x", simple(SimpleType.INTEGER)));
    assertThat(m.getLiteralsOrThrow("x")).isEqualTo(prim(Primitive.newBuilder().setInteger(5)));
  }

  @Test
  void badInteger_namesVariablePathAndGoError() {
    Path p = f.write("x", "12abc");
    assertThatThrownBy(() -> f.upload(outputs("x", simple(SimpleType.INTEGER))))
        .isInstanceOf(UploadException.class)
        .hasMessage("output \"x\" (" + p + "): failed to parse integer value: strconv.ParseInt: parsing \"12abc\": invalid syntax");
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void tooLargeSimpleValue_suggestsAFileOutput() {
    Path p = f.write("s", "x".repeat(2000));
    assertThatThrownBy(() -> f.upload(f.request(outputs("s", simple(SimpleType.STRING))).with(r -> r.maxSimpleBytes = 1024)))
        .hasMessage("output \"s\" (" + p + "): the file is 2000 bytes, more than the 1024-byte limit for a STRING value;"
            + " write data this large as a file output (declare the output as a FlyteFile/blob) or raise the limit");
  }

  @Test
  void directoryForSimpleType_isAnError() {
    Path d = f.mkdir("x");
    assertThatThrownBy(() -> f.upload(outputs("x", simple(SimpleType.INTEGER))))
        .hasMessage("output \"x\" (" + d + "): expected a file for type [INTEGER], found a directory at " + d);
  }

  @Test
  void invalidUtf8String_isAnError() throws Exception {
    Files.write(f.outDir.resolve("s"), new byte[] {'a', (byte) 0xff});
    assertThatThrownBy(() -> f.upload(outputs("s", simple(SimpleType.STRING))))
        .hasMessageEndingWith("the content is not valid UTF-8 text");
  }

  @Test
  void missingOutputs_areAllNamedWithThePathLookedFor() {
    f.write("present", "1");
    assertThatThrownBy(() -> f.upload(outputs("a", simple(SimpleType.INTEGER), "present", simple(SimpleType.INTEGER),
        "b", simple(SimpleType.STRING))))
        .hasMessage("2 outputs failed: output \"a\": no file or directory at " + f.outDir.resolve("a") + " (nor a single "
            + f.outDir.resolve("a") + ".<ext>); the task must write every declared output; output \"b\": no file or"
            + " directory at " + f.outDir.resolve("b") + " (nor a single " + f.outDir.resolve("b")
            + ".<ext>); the task must write every declared output");
  }

  @Test
  void ambiguousExtensionMatch_isAnError() {
    f.write("x.txt", "1");
    f.write("x.csv", "2");
    assertThatThrownBy(() -> f.upload(outputs("x", simple(SimpleType.INTEGER))))
        .hasMessageContaining("found several candidates [" + f.outDir.resolve("x.csv") + ", " + f.outDir.resolve("x.txt"));
  }

  @Test
  void badValues_reportGoStyleErrors() {
    f.write("f", "1e400");
    f.write("b", "maybe");
    f.write("d", "3 days");
    f.write("t", "2020-02-30T00:00:00Z");
    assertThatThrownBy(() -> f.upload(outputs("f", simple(SimpleType.FLOAT), "b", simple(SimpleType.BOOLEAN),
        "d", simple(SimpleType.DURATION), "t", simple(SimpleType.DATETIME))))
        .hasMessageContaining("failed to parse Float value: strconv.ParseFloat: parsing \"1e400\": value out of range")
        .hasMessageContaining("failed to parse Bool value: strconv.ParseBool: parsing \"maybe\": invalid syntax")
        .hasMessageContaining("failed to parse Duration: time: unknown unit \" days\" in duration \"3 days\"")
        .hasMessageContaining("failed to parse Datetime in RFC3339 format: parsing time \"2020-02-30T00:00:00Z\": day out of range");
  }
}
