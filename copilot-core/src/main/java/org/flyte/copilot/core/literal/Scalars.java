package org.flyte.copilot.core.literal;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.StructuredDatasetMetadata;
import flyteidl.core.Literals.Union;
import flyteidl.core.Literals.Void;
import flyteidl.core.Types.Error;
import flyteidl.core.Types.LiteralType;
import java.time.Instant;

/** Builders of scalar literals, one per kind. */
public final class Scalars {
  /** Go tags every uploaded BINARY value so. */
  public static final String BINARY_TAG = "msgpack";

  private Scalars() {}

  public static Literal scalar(Scalar.Builder s) {
    return Literal.newBuilder().setScalar(s).build();
  }

  public static Literal primitive(Primitive.Builder p) {
    return scalar(Scalar.newBuilder().setPrimitive(p));
  }

  public static Literal integer(long v) {
    return primitive(Primitive.newBuilder().setInteger(v));
  }

  public static Literal floatValue(double v) {
    return primitive(Primitive.newBuilder().setFloatValue(v));
  }

  public static Literal string(String s) {
    return primitive(Primitive.newBuilder().setStringValue(s));
  }

  public static Literal bool(boolean v) {
    return primitive(Primitive.newBuilder().setBoolean(v));
  }

  public static Literal datetime(Instant i) {
    return primitive(Primitive.newBuilder()
        .setDatetime(Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano())));
  }

  /** A duration literal; protobuf wants seconds and nanos of the same sign. */
  public static Literal duration(java.time.Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (seconds < 0 && nanos > 0) {
      seconds += 1;
      nanos -= 1_000_000_000;
    }
    return primitive(Primitive.newBuilder().setDuration(Duration.newBuilder().setSeconds(seconds).setNanos(nanos)));
  }

  /** Binary bytes tagged {@link #BINARY_TAG}, as Go tags the values it uploads. */
  public static Literal binary(byte[] bytes) {
    return scalar(Scalar.newBuilder()
        .setBinary(Binary.newBuilder().setValue(ByteString.copyFrom(bytes)).setTag(BINARY_TAG)));
  }

  public static Literal error(String message) {
    return scalar(Scalar.newBuilder().setError(Error.newBuilder().setMessage(message)));
  }

  public static Literal generic(Struct struct) {
    return scalar(Scalar.newBuilder().setGeneric(struct));
  }

  public static Literal none() {
    return scalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance()));
  }

  /** {@code value} as the chosen {@code variant} of a union. */
  public static Literal union(Literal value, LiteralType variant) {
    return scalar(Scalar.newBuilder().setUnion(Union.newBuilder().setValue(value).setType(variant)));
  }

  /** The blob, schema or structured dataset literal of a blob-like {@code type} at {@code uri}, carrying the type. */
  public static Literal blobLike(LiteralType type, String uri) {
    Scalar.Builder s = Scalar.newBuilder();
    switch (type.getTypeCase()) {
      case BLOB -> s.setBlob(Blob.newBuilder().setUri(uri).setMetadata(BlobMetadata.newBuilder().setType(type.getBlob())));
      case SCHEMA -> s.setSchema(Schema.newBuilder().setUri(uri).setType(type.getSchema()));
      case STRUCTURED_DATASET_TYPE -> s.setStructuredDataset(StructuredDataset.newBuilder().setUri(uri)
          .setMetadata(StructuredDatasetMetadata.newBuilder().setStructuredDatasetType(type.getStructuredDatasetType())));
      case SIMPLE, COLLECTION_TYPE, MAP_VALUE_TYPE, UNION_TYPE, ENUM_TYPE, TYPE_NOT_SET ->
          throw new IllegalArgumentException("not a blob-like type: " + type.getTypeCase());
    }
    return scalar(s);
  }
}
