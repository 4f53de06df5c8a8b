package org.flyte.copilot.core.literal;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.SimpleType;
import java.util.Locale;
import java.util.Optional;

/** Literal values by kind: the dispatch, and the questions asked of a value. */
public final class LiteralKinds {
  private LiteralKinds() {}

  /** Calls the method of {@code visitor} for the kind of {@code lit} (a scalar's own kind for a scalar). */
  public static <R, E extends Exception> R accept(Literal lit, LiteralVisitor<R, E> visitor) throws E {
    return switch (lit.getValueCase()) {
      case SCALAR -> acceptScalar(lit.getScalar(), visitor);
      case COLLECTION -> visitor.collection(lit.getCollection());
      case MAP -> visitor.map(lit.getMap());
      case OFFLOADED_METADATA -> visitor.offloaded(lit.getOffloadedMetadata());
      case VALUE_NOT_SET -> visitor.unsetLiteral();
    };
  }

  private static <R, E extends Exception> R acceptScalar(Scalar s, LiteralVisitor<R, E> visitor) throws E {
    return switch (s.getValueCase()) {
      case PRIMITIVE -> visitor.primitive(s.getPrimitive());
      case BLOB -> visitor.blob(s.getBlob());
      case BINARY -> visitor.binary(s.getBinary());
      case SCHEMA -> visitor.schema(s.getSchema());
      case NONE_TYPE -> visitor.noneType();
      case ERROR -> visitor.error(s.getError());
      case GENERIC -> visitor.generic(s.getGeneric());
      case STRUCTURED_DATASET -> visitor.structuredDataset(s.getStructuredDataset());
      case UNION -> visitor.union(s.getUnion());
      case VALUE_NOT_SET -> visitor.unsetScalar();
    };
  }

  /** A blob of one file (SINGLE dimensionality). */
  public static boolean isSingleBlob(Literal lit) {
    return lit.hasScalar() && lit.getScalar().hasBlob()
        && lit.getScalar().getBlob().getMetadata().getType().getDimensionality() == BlobDimensionality.SINGLE;
  }

  /** The URI of a blob, schema or structured dataset; empty for every other kind. */
  public static Optional<String> blobLikeUri(Literal lit) {
    if (!lit.hasScalar()) {
      return Optional.empty();
    }
    Scalar s = lit.getScalar();
    return switch (s.getValueCase()) {
      case BLOB -> Optional.of(s.getBlob().getUri());
      case SCHEMA -> Optional.of(s.getSchema().getUri());
      case STRUCTURED_DATASET -> Optional.of(s.getStructuredDataset().getUri());
      case PRIMITIVE, BINARY, NONE_TYPE, ERROR, GENERIC, UNION, VALUE_NOT_SET -> Optional.empty();
    };
  }

  /** The value of a string primitive; empty for every other kind. */
  public static Optional<String> stringValue(Literal lit) {
    return lit.hasScalar() && lit.getScalar().hasPrimitive() && lit.getScalar().getPrimitive().hasStringValue()
        ? Optional.of(lit.getScalar().getPrimitive().getStringValue()) : Optional.empty();
  }

  /** The union scalar of {@code lit}, if it is one. */
  public static Optional<Union> union(Literal lit) {
    return lit.hasScalar() && lit.getScalar().hasUnion() ? Optional.of(lit.getScalar().getUnion()) : Optional.empty();
  }

  public static boolean isNone(Literal lit) {
    return lit.hasScalar() && lit.getScalar().hasNoneType();
  }

  /** Whether {@code lit} is a value of the simple type {@code t} (a STRUCT may be generic or binary, as Flyte 2 sends it). */
  public static boolean matches(SimpleType t, Literal lit) {
    if (!lit.hasScalar()) {
      return false;
    }
    Scalar s = lit.getScalar();
    Primitive.ValueCase p = s.hasPrimitive() ? s.getPrimitive().getValueCase() : null;
    return switch (t) {
      case INTEGER -> p == Primitive.ValueCase.INTEGER;
      case FLOAT -> p == Primitive.ValueCase.FLOAT_VALUE;
      case STRING -> p == Primitive.ValueCase.STRING_VALUE;
      case BOOLEAN -> p == Primitive.ValueCase.BOOLEAN;
      case DATETIME -> p == Primitive.ValueCase.DATETIME;
      case DURATION -> p == Primitive.ValueCase.DURATION;
      case BINARY -> s.hasBinary();
      case ERROR -> s.hasError();
      case STRUCT -> s.hasGeneric() || s.hasBinary();
      case NONE -> s.hasNoneType();
      case UNRECOGNIZED -> false;
    };
  }

  /** What a literal is, for a message: "a primitive literal (integer)", "a blob literal", "a map literal". */
  public static String describe(Literal lit) {
    if (!lit.hasScalar()) {
      return "a " + lower(lit.getValueCase().name()) + " literal";
    }
    Scalar s = lit.getScalar();
    return "a " + lower(s.getValueCase().name()) + " literal"
        + (s.hasPrimitive() ? " (" + lower(s.getPrimitive().getValueCase().name()) + ")" : "");
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
