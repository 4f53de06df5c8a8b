package org.flyte.copilot.core.literal;

import flyteidl.core.Types.LiteralType;
import java.util.function.Supplier;

/**
 * One value per kind of declared type (such as the one reader of each kind), looked up by a type.
 * Blobs, schemas and structured datasets share {@code blobLike}.
 */
public record TypeKindTable<R>(R simple, R blobLike, R collection, R map, R union, R enumType) {

  /** The value for the kind of {@code type}; {@code unset} answers (or throws) for a type with no kind. */
  public R of(LiteralType type, Supplier<R> unset) {
    return switch (type.getTypeCase()) {
      case SIMPLE -> simple;
      case BLOB, SCHEMA, STRUCTURED_DATASET_TYPE -> blobLike;
      case COLLECTION_TYPE -> collection;
      case MAP_VALUE_TYPE -> map;
      case UNION_TYPE -> union;
      case ENUM_TYPE -> enumType;
      case TYPE_NOT_SET -> unset.get();
    };
  }
}
