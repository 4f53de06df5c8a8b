package org.flyte.copilot.core.literal;

import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Declared types by kind: the dispatch, the questions asked of a type, and its names in messages. */
public final class LiteralTypes {
  private LiteralTypes() {}

  /** Calls the method of {@code visitor} for the kind of {@code type}. */
  public static <R> R accept(LiteralType type, TypeVisitor<R> visitor) {
    return switch (type.getTypeCase()) {
      case SIMPLE -> visitor.simple(type.getSimple());
      case BLOB, SCHEMA, STRUCTURED_DATASET_TYPE -> visitor.blobLike(type);
      case COLLECTION_TYPE -> visitor.collection(type.getCollectionType());
      case MAP_VALUE_TYPE -> visitor.map(type.getMapValueType());
      case UNION_TYPE -> visitor.union(type.getUnionType());
      case ENUM_TYPE -> visitor.enumType(type.getEnumType());
      case TYPE_NOT_SET -> visitor.unset();
    };
  }

  /** A blob, schema or structured dataset: a file or directory moved by URI. */
  public static boolean isBlobLike(LiteralType type) {
    return switch (type.getTypeCase()) {
      case BLOB, SCHEMA, STRUCTURED_DATASET_TYPE -> true;
      case SIMPLE, COLLECTION_TYPE, MAP_VALUE_TYPE, UNION_TYPE, ENUM_TYPE, TYPE_NOT_SET -> false;
    };
  }

  /** Whether a value of {@code type} can hold a blob-like value anywhere inside it. */
  public static boolean holdsBlob(LiteralType type) {
    return switch (type.getTypeCase()) {
      case BLOB, SCHEMA, STRUCTURED_DATASET_TYPE -> true;
      case COLLECTION_TYPE -> holdsBlob(type.getCollectionType());
      case MAP_VALUE_TYPE -> holdsBlob(type.getMapValueType());
      case UNION_TYPE -> type.getUnionType().getVariantsList().stream().anyMatch(LiteralTypes::holdsBlob);
      case SIMPLE, ENUM_TYPE, TYPE_NOT_SET -> false;
    };
  }

  /** The none type (the empty variant of an Optional). */
  public static boolean isNone(LiteralType type) {
    return type.hasSimple() && type.getSimple() == SimpleType.NONE;
  }

  /** The declared dimensionality of a blob type; empty for every other kind. */
  public static Optional<BlobDimensionality> blobDimensionality(LiteralType type) {
    return type.hasBlob() ? Optional.of(type.getBlob().getDimensionality()) : Optional.empty();
  }

  /** "blob", "schema" or "structured dataset" for a blob-like type (what a message calls its value). */
  public static String blobKindName(LiteralType type) {
    return switch (type.getTypeCase()) {
      case SCHEMA -> "schema";
      case STRUCTURED_DATASET_TYPE -> "structured dataset";
      case BLOB, SIMPLE, COLLECTION_TYPE, MAP_VALUE_TYPE, UNION_TYPE, ENUM_TYPE, TYPE_NOT_SET -> "blob";
    };
  }

  /** A short name of {@code type} for upload messages: INTEGER, SINGLE blob, list of STRING... */
  public static String describe(LiteralType type) {
    return switch (type.getTypeCase()) {
      case SIMPLE -> type.getSimple().name();
      case BLOB -> type.getBlob().getDimensionality().name() + " blob"
          + (type.getBlob().getFormat().isEmpty() ? "" : " (format " + type.getBlob().getFormat() + ")");
      case SCHEMA -> "schema";
      case STRUCTURED_DATASET_TYPE -> "structured dataset";
      case COLLECTION_TYPE -> "list of " + describe(type.getCollectionType());
      case MAP_VALUE_TYPE -> "map of " + describe(type.getMapValueType());
      case UNION_TYPE -> {
        StringBuilder b = new StringBuilder("union of ");
        for (int i = 0; i < type.getUnionType().getVariantsCount(); i++) {
          b.append(i == 0 ? "" : ", ").append(describe(type.getUnionType().getVariants(i)));
        }
        yield b.toString();
      }
      case ENUM_TYPE -> "enum " + type.getEnumType().getValuesList();
      case TYPE_NOT_SET -> "unset type";
    };
  }

  /**
   * The Python-style name a task spec uses for {@code type} ({@code int}, {@code file[csv]},
   * {@code list[str]}, {@code dict[str, int]}, {@code union[int, none]}): what {@code copilot run} shows.
   */
  public static String specName(LiteralType type) {
    return switch (type.getTypeCase()) {
      case SIMPLE -> simpleSpecName(type.getSimple());
      case BLOB -> (type.getBlob().getDimensionality() == BlobType.BlobDimensionality.MULTIPART ? "dir" : "file")
          + (type.getBlob().getFormat().isEmpty() ? "" : "[" + type.getBlob().getFormat() + "]");
      case COLLECTION_TYPE -> "list[" + specName(type.getCollectionType()) + "]";
      case MAP_VALUE_TYPE -> "dict[str, " + specName(type.getMapValueType()) + "]";
      case UNION_TYPE -> {
        List<String> v = new ArrayList<>();
        type.getUnionType().getVariantsList().forEach(x -> v.add(specName(x)));
        yield "union[" + String.join(", ", v) + "]";
      }
      case ENUM_TYPE -> "enum[" + String.join(", ", type.getEnumType().getValuesList()) + "]";
      case STRUCTURED_DATASET_TYPE -> "dataset[" + type.getStructuredDatasetType().getFormat() + "]";
      case SCHEMA -> "schema";
      case TYPE_NOT_SET -> "unknown";
    };
  }

  private static String simpleSpecName(SimpleType t) {
    return switch (t) {
      case INTEGER -> "int";
      case FLOAT -> "float";
      case STRING -> "str";
      case BOOLEAN -> "bool";
      case DATETIME -> "datetime";
      case DURATION -> "duration";
      case STRUCT -> "struct";
      case BINARY -> "binary";
      case NONE -> "none";
      case ERROR, UNRECOGNIZED -> t.name().toLowerCase(Locale.ROOT);
    };
  }
}
