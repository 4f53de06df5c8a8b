package org.flyte.copilot.cli.aot;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
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
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;

/**
 * One input of every literal kind a download materialises: the task inputs of the AOT training run,
 * and of the pod lifecycle and transfer fault tests, which must exercise the same paths.
 */
public final class EveryKindInputs {
  private EveryKindInputs() {}

  /**
   * The inputs; the single blob {@code big}, the multipart blob {@code parts} and the offloaded
   * literal {@code off} point at {@code big.bin}, {@code parts} and {@code off.pb} under {@code
   * dataPrefix} (which ends with a slash), where the caller puts them ({@code off.pb} holds {@link
   * #offloadedList}).
   */
  public static LiteralMap of(String dataPrefix) {
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
            .setValue(prim(Primitive.newBuilder().setInteger(5)))
            .setType(LiteralType.newBuilder().setSimple(SimpleType.INTEGER)))).build())
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

  public static Literal prim(Primitive.Builder p) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(p)).build();
  }

  /** A blob literal of {@code uri} with no format. */
  public static Literal blob(String uri, BlobDimensionality d) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(BlobMetadata.newBuilder().setType(BlobType.newBuilder().setDimensionality(d))))).build();
  }
}
