package org.flyte.copilot.cli.aot;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.LiteralOffloadedMetadata;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Union;
import flyteidl.core.Literals.Void;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.UnionType;
import java.util.Base64;

/**
 * A task with an input of every literal kind a download materialises and an output of every kind a
 * sidecar reads: the task of the AOT training run, and of the pod lifecycle and transfer fault tests,
 * which must exercise the same paths.
 */
public final class EveryLiteralKind {
  private EveryLiteralKind() {}

  /**
   * The inputs; the single blob {@code big}, the multipart blob {@code parts} and the offloaded
   * literal {@code off} point at {@code big.bin}, {@code parts} and {@code off.pb} under {@code
   * dataPrefix} (which ends with a slash), where the caller puts them ({@code off.pb} holds {@link
   * #offloadedList}).
   */
  public static LiteralMap inputs(String dataPrefix) {
    return LiteralMap.newBuilder()
        .putLiterals("i", prim(Primitive.newBuilder().setInteger(41)))
        .putLiterals("f", prim(Primitive.newBuilder().setFloatValue(0.1)))
        .putLiterals("s", prim(Primitive.newBuilder().setStringValue("hello\nworld")))
        .putLiterals("b", prim(Primitive.newBuilder().setBoolean(true)))
        .putLiterals("dt", prim(Primitive.newBuilder().setDatetime(Timestamp.newBuilder().setSeconds(1577934245).setNanos(600_000_000))))
        .putLiterals("dur", prim(Primitive.newBuilder().setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(3723))))
        .putLiterals("none", Literal.newBuilder().setScalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance())).build())
        .putLiterals("bin", Literal.newBuilder().setScalar(Scalar.newBuilder().setBinary(
            Binary.newBuilder().setValue(ByteString.copyFromUtf8("hi")))).build())
        .putLiterals("g", Literal.newBuilder().setScalar(Scalar.newBuilder().setGeneric(Struct.newBuilder()
            .putFields("z", Value.newBuilder().setNumberValue(1e21).build())
            .putFields("a", Value.newBuilder().setStringValue("<&>").build()))).build())
        .putLiterals("big", blob(dataPrefix + "big.bin", BlobDimensionality.SINGLE))
        .putLiterals("parts", blob(dataPrefix + "parts", BlobDimensionality.MULTIPART))
        .putLiterals("l", Literal.newBuilder().setCollection(LiteralCollection.newBuilder()
            .addLiterals(prim(Primitive.newBuilder().setInteger(1)))
            .addLiterals(prim(Primitive.newBuilder().setInteger(2)))).build())
        .putLiterals("m", Literal.newBuilder().setMap(LiteralMap.newBuilder()
            .putLiterals("k", prim(Primitive.newBuilder().setStringValue("v")))).build())
        .putLiterals("u", Literal.newBuilder().setScalar(Scalar.newBuilder().setUnion(Union.newBuilder()
            .setValue(prim(Primitive.newBuilder().setInteger(5))).setType(simple(SimpleType.INTEGER)))).build())
        .putLiterals("off", Literal.newBuilder().setOffloadedMetadata(
            LiteralOffloadedMetadata.newBuilder().setUri(dataPrefix + "off.pb")).build())
        .build();
  }

  /** What the offloaded input's {@code off.pb} holds: the list ["a", "b"]. */
  public static Literal offloadedList() {
    return Literal.newBuilder().setCollection(LiteralCollection.newBuilder()
        .addLiterals(prim(Primitive.newBuilder().setStringValue("a")))
        .addLiterals(prim(Primitive.newBuilder().setStringValue("b")))).build();
  }

  /**
   * The outputs: {@code count} int, {@code avg} float, {@code msg} str, {@code ok} bool, {@code took}
   * duration, {@code cfg} struct, {@code model} blob (format bin), {@code parts} multipart blob,
   * {@code xs} list of int, {@code kv} dict of str, {@code maybe} int or none, {@code color} enum.
   */
  public static VariableMap.Builder outputs() {
    VariableMap.Builder o = VariableMap.newBuilder();
    o.putVariables("count", Variable.newBuilder().setType(simple(SimpleType.INTEGER)).build());
    o.putVariables("avg", Variable.newBuilder().setType(simple(SimpleType.FLOAT)).build());
    o.putVariables("msg", Variable.newBuilder().setType(simple(SimpleType.STRING)).build());
    o.putVariables("ok", Variable.newBuilder().setType(simple(SimpleType.BOOLEAN)).build());
    o.putVariables("took", Variable.newBuilder().setType(simple(SimpleType.DURATION)).build());
    o.putVariables("cfg", Variable.newBuilder().setType(simple(SimpleType.STRUCT)).build());
    o.putVariables("model", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
        BlobType.newBuilder().setFormat("bin"))).build());
    o.putVariables("parts", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
        BlobType.newBuilder().setDimensionality(BlobDimensionality.MULTIPART))).build());
    o.putVariables("xs", Variable.newBuilder().setType(LiteralType.newBuilder()
        .setCollectionType(simple(SimpleType.INTEGER))).build());
    o.putVariables("kv", Variable.newBuilder().setType(LiteralType.newBuilder()
        .setMapValueType(simple(SimpleType.STRING))).build());
    o.putVariables("maybe", Variable.newBuilder().setType(LiteralType.newBuilder().setUnionType(UnionType.newBuilder()
        .addVariants(simple(SimpleType.INTEGER)).addVariants(simple(SimpleType.NONE)))).build());
    o.putVariables("color", Variable.newBuilder().setType(LiteralType.newBuilder().setEnumType(
        EnumType.newBuilder().addValues("red").addValues("green"))).build());
    return o;
  }

  /** {@link #outputs} as the base64 TypedInterface that {@code --interface} takes. */
  public static String outputInterface() {
    return outputInterface(outputs());
  }

  public static String outputInterface(VariableMap.Builder outputs) {
    return Base64.getEncoder().encodeToString(TypedInterface.newBuilder().setOutputs(outputs).build().toByteArray());
  }

  private static LiteralType simple(SimpleType t) {
    return LiteralType.newBuilder().setSimple(t).build();
  }

  public static Literal prim(Primitive.Builder p) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(p)).build();
  }

  /** A blob literal of {@code uri} with no format. */
  public static Literal blob(String uri, BlobDimensionality d) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(BlobMetadata.newBuilder().setType(BlobType.newBuilder().setDimensionality(d))))).build();
  }
}
