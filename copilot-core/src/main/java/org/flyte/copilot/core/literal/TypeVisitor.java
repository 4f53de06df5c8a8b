package org.flyte.copilot.core.literal;

import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.UnionType;
import java.util.function.Supplier;

/**
 * One method per kind of declared type, called by {@link LiteralTypes#accept}. Blobs, schemas and
 * structured datasets share {@link #blobLike}: each is a file or directory with a URI, and what
 * tells them apart ({@link LiteralTypes#blobKindName}, {@link Scalars#blobLike}) lives in this package.
 */
public interface TypeVisitor<R> {
  R simple(SimpleType type);

  /** A blob, schema or structured dataset type (the whole type, to build its literal from). */
  R blobLike(LiteralType type);

  R collection(LiteralType elementType);

  R map(LiteralType valueType);

  R union(UnionType type);

  R enumType(EnumType type);

  /** A type with no kind set (a broken interface). */
  R unset();

  /** A visitor that answers each kind with a fixed value (such as the one reader of that kind). */
  static <R> TypeVisitor<R> returning(R simple, R blobLike, R collection, R map, R union, R enumType,
      Supplier<R> unset) {
    return new TypeVisitor<>() {
      @Override
      public R simple(SimpleType type) {
        return simple;
      }

      @Override
      public R blobLike(LiteralType type) {
        return blobLike;
      }

      @Override
      public R collection(LiteralType elementType) {
        return collection;
      }

      @Override
      public R map(LiteralType valueType) {
        return map;
      }

      @Override
      public R union(UnionType type) {
        return union;
      }

      @Override
      public R enumType(EnumType type) {
        return enumType;
      }

      @Override
      public R unset() {
        return unset.get();
      }
    };
  }
}
