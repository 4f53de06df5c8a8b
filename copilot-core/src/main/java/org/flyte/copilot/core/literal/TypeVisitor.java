package org.flyte.copilot.core.literal;

import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.UnionType;

/**
 * One method per kind of declared type, called by {@link LiteralTypes#accept}. Blobs, schemas and
 * structured datasets share {@link #blobLike}: each is a file or directory with a URI, and what
 * tells them apart ({@link LiteralTypes#blobKindName}, {@link Scalars#blobLike}) lives in this package. A
 * dispatch that only picks a value per kind is a {@link TypeKindTable}.
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
}
