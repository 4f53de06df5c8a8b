package org.flyte.copilot.download;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.LiteralOffloadedMetadata;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.Union;
import flyteidl.core.Literals.Void;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for input literals in tests. */
final class Literals {
  private Literals() {}

  static Literal scalar(Scalar.Builder s) {
    return Literal.newBuilder().setScalar(s).build();
  }

  static Literal prim(Primitive.Builder p) {
    return scalar(Scalar.newBuilder().setPrimitive(p));
  }

  static Literal integer(long v) {
    return prim(Primitive.newBuilder().setInteger(v));
  }

  static Literal floating(double v) {
    return prim(Primitive.newBuilder().setFloatValue(v));
  }

  static Literal string(String v) {
    return prim(Primitive.newBuilder().setStringValue(v));
  }

  static Literal bool(boolean v) {
    return prim(Primitive.newBuilder().setBoolean(v));
  }

  static Literal datetime(long seconds, int nanos) {
    return prim(Primitive.newBuilder().setDatetime(Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos)));
  }

  static Literal duration(long seconds, int nanos) {
    return prim(Primitive.newBuilder().setDuration(Duration.newBuilder().setSeconds(seconds).setNanos(nanos)));
  }

  static Literal nullPrimitive() {
    return prim(Primitive.newBuilder());
  }

  static Literal none() {
    return scalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance()));
  }

  static Literal binary(byte[] bytes, String tag) {
    return scalar(Scalar.newBuilder().setBinary(Binary.newBuilder().setValue(ByteString.copyFrom(bytes)).setTag(tag)));
  }

  static Literal error(String nodeId, String message) {
    return scalar(Scalar.newBuilder().setError(flyteidl.core.Types.Error.newBuilder()
        .setFailedNodeId(nodeId).setMessage(message)));
  }

  static Literal generic(Struct s) {
    return scalar(Scalar.newBuilder().setGeneric(s));
  }

  static BlobMetadata blobMetadata(String format, BlobDimensionality dim) {
    return BlobMetadata.newBuilder().setType(BlobType.newBuilder().setFormat(format).setDimensionality(dim)).build();
  }

  static Literal blob(String uri) {
    return scalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(blobMetadata("csv", BlobDimensionality.SINGLE))));
  }

  static Literal multipart(String uri) {
    return scalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(blobMetadata("", BlobDimensionality.MULTIPART))));
  }

  static Literal schema(String uri) {
    return scalar(Scalar.newBuilder().setSchema(Schema.newBuilder().setUri(uri)));
  }

  static Literal dataset(String uri) {
    return scalar(Scalar.newBuilder().setStructuredDataset(StructuredDataset.newBuilder().setUri(uri)));
  }

  static Literal union(Literal inner) {
    return scalar(Scalar.newBuilder().setUnion(Union.newBuilder().setValue(inner)
        .setType(LiteralType.newBuilder().setSimple(SimpleType.INTEGER))));
  }

  static Literal collection(Literal... items) {
    LiteralCollection.Builder c = LiteralCollection.newBuilder();
    for (Literal l : items) {
      c.addLiterals(l);
    }
    return Literal.newBuilder().setCollection(c).build();
  }

  static Literal map(Map<String, Literal> entries) {
    return Literal.newBuilder().setMap(LiteralMap.newBuilder().putAllLiterals(entries)).build();
  }

  static Literal offloaded(String uri) {
    return Literal.newBuilder().setOffloadedMetadata(LiteralOffloadedMetadata.newBuilder().setUri(uri).setSizeBytes(1))
        .build();
  }

  /** A LiteralMap from alternating names and literals. */
  static LiteralMap inputs(Object... nameLiteral) {
    Map<String, Literal> m = new LinkedHashMap<>();
    for (int i = 0; i < nameLiteral.length; i += 2) {
      m.put((String) nameLiteral[i], (Literal) nameLiteral[i + 1]);
    }
    return LiteralMap.newBuilder().putAllLiterals(m).build();
  }
}
