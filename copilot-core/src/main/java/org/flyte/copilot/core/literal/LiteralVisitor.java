package org.flyte.copilot.core.literal;

import com.google.protobuf.Struct;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.LiteralOffloadedMetadata;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.Error;

/**
 * One method per kind of literal value, scalar kinds flattened, called by {@link LiteralKinds#accept}
 * (as Go's {@code handleLiteral}/{@code handleScalar} pair does). {@code E} is what a visit may throw.
 */
public interface LiteralVisitor<R, E extends Exception> {
  R primitive(Primitive primitive) throws E;

  R blob(Blob blob) throws E;

  R schema(Schema schema) throws E;

  R structuredDataset(StructuredDataset dataset) throws E;

  R binary(Binary binary) throws E;

  R error(Error error) throws E;

  R generic(Struct struct) throws E;

  R noneType() throws E;

  R union(Union union) throws E;

  R collection(LiteralCollection collection) throws E;

  R map(LiteralMap map) throws E;

  R offloaded(LiteralOffloadedMetadata metadata) throws E;

  /** A literal with no value set. */
  R unsetLiteral() throws E;

  /** A scalar with no value set. */
  R unsetScalar() throws E;
}
