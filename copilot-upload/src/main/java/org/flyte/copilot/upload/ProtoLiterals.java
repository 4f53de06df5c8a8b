package org.flyte.copilot.upload;

import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.node.TextNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Literals from the container's {@code outputs.pb}: checked against the declared type, with blob,
 * schema and dataset URIs read as local paths and uploaded like files written to the output directory.
 */
final class ProtoLiterals {
  private final LiteralReader reader;

  ProtoLiterals(LiteralReader reader) {
    this.reader = reader;
  }

  Literal adopt(Site site, LiteralType type, Literal lit, UploadPlan plan) {
    switch (type.getTypeCase()) {
      case COLLECTION_TYPE: {
        if (lit.getValueCase() != Literal.ValueCase.COLLECTION) {
          throw mismatch(site, type, lit);
        }
        LiteralCollection.Builder c = LiteralCollection.newBuilder();
        List<Literal> items = lit.getCollection().getLiteralsList();
        for (int i = 0; i < items.size(); i++) {
          c.addLiterals(adopt(site.element(i, site.source()), type.getCollectionType(), items.get(i), plan));
        }
        return Literal.newBuilder().setCollection(c).build();
      }
      case MAP_VALUE_TYPE: {
        if (lit.getValueCase() != Literal.ValueCase.MAP) {
          throw mismatch(site, type, lit);
        }
        LiteralMap.Builder m = LiteralMap.newBuilder();
        for (Map.Entry<String, Literal> e : lit.getMap().getLiteralsMap().entrySet()) {
          m.putLiterals(e.getKey(), adopt(site.entry(e.getKey(), site.source()), type.getMapValueType(), e.getValue(), plan));
        }
        return Literal.newBuilder().setMap(m).build();
      }
      case UNION_TYPE:
        return union(site, type, lit, plan);
      case BLOB:
      case SCHEMA:
      case STRUCTURED_DATASET_TYPE:
        return reader.fromJson(site, type, TextNode.valueOf(uriOf(site, type, lit)), plan);
      case ENUM_TYPE:
        if (!isScalar(lit, Scalar.ValueCase.PRIMITIVE)
            || lit.getScalar().getPrimitive().getValueCase() != Primitive.ValueCase.STRING_VALUE) {
          throw mismatch(site, type, lit);
        }
        return reader.fromJson(site, type, TextNode.valueOf(lit.getScalar().getPrimitive().getStringValue()), plan);
      case SIMPLE:
        if (!matchesSimple(type.getSimple(), lit)) {
          throw mismatch(site, type, lit);
        }
        return Literal.newBuilder().setScalar(lit.getScalar()).build();
      default:
        throw site.fail("the task interface declares no type for this output");
    }
  }

  private Literal union(Site site, LiteralType type, Literal lit, UploadPlan plan) {
    List<LiteralType> variants = type.getUnionType().getVariantsList();
    if (isScalar(lit, Scalar.ValueCase.UNION)) {
      LiteralType stored = lit.getScalar().getUnion().getType();
      for (LiteralType v : variants) {
        if (v.equals(stored)) {
          return UnionReader.wrap(adopt(site, v, lit.getScalar().getUnion().getValue(), plan), v);
        }
      }
      lit = lit.getScalar().getUnion().getValue();
    }
    if (isScalar(lit, Scalar.ValueCase.NONE_TYPE)) {
      var none = reader.absent(site, type);
      if (none.isPresent()) {
        return none.get();
      }
    }
    List<String> failures = new ArrayList<>();
    for (LiteralType v : variants) {
      if (v.getTypeCase() == LiteralType.TypeCase.SIMPLE && v.getSimple() == SimpleType.NONE) {
        continue;
      }
      UploadPlan trial = new UploadPlan();
      try {
        Literal value = adopt(site, v, lit, trial);
        plan.addAll(trial);
        return UnionReader.wrap(value, v);
      } catch (UploadException e) {
        failures.add(LiteralReader.describe(v) + ": " + site.reason(e));
      }
    }
    throw site.fail("no variant of the union matches the literal: " + String.join("; ", failures));
  }

  private static String uriOf(Site site, LiteralType type, Literal lit) {
    if (lit.getValueCase() == Literal.ValueCase.SCALAR) {
      Scalar s = lit.getScalar();
      switch (s.getValueCase()) {
        case BLOB:
          return s.getBlob().getUri();
        case SCHEMA:
          return s.getSchema().getUri();
        case STRUCTURED_DATASET:
          return s.getStructuredDataset().getUri();
        default:
          break;
      }
    }
    throw mismatch(site, type, lit);
  }

  private static boolean matchesSimple(SimpleType t, Literal lit) {
    if (lit.getValueCase() != Literal.ValueCase.SCALAR) {
      return false;
    }
    Scalar s = lit.getScalar();
    Primitive.ValueCase p = s.getValueCase() == Scalar.ValueCase.PRIMITIVE ? s.getPrimitive().getValueCase() : null;
    return switch (t) {
      case INTEGER -> p == Primitive.ValueCase.INTEGER;
      case FLOAT -> p == Primitive.ValueCase.FLOAT_VALUE;
      case STRING -> p == Primitive.ValueCase.STRING_VALUE;
      case BOOLEAN -> p == Primitive.ValueCase.BOOLEAN;
      case DATETIME -> p == Primitive.ValueCase.DATETIME;
      case DURATION -> p == Primitive.ValueCase.DURATION;
      case BINARY -> s.getValueCase() == Scalar.ValueCase.BINARY;
      case ERROR -> s.getValueCase() == Scalar.ValueCase.ERROR;
      case STRUCT -> s.getValueCase() == Scalar.ValueCase.GENERIC || s.getValueCase() == Scalar.ValueCase.BINARY;
      case NONE -> s.getValueCase() == Scalar.ValueCase.NONE_TYPE;
      case UNRECOGNIZED -> false;
    };
  }

  private static boolean isScalar(Literal lit, Scalar.ValueCase c) {
    return lit.getValueCase() == Literal.ValueCase.SCALAR && lit.getScalar().getValueCase() == c;
  }

  private static UploadException mismatch(Site site, LiteralType type, Literal lit) {
    String found = lit.getValueCase() == Literal.ValueCase.SCALAR
        ? "a " + lit.getScalar().getValueCase().name().toLowerCase(java.util.Locale.ROOT) + " literal"
            + (lit.getScalar().getValueCase() == Scalar.ValueCase.PRIMITIVE
                ? " (" + lit.getScalar().getPrimitive().getValueCase().name().toLowerCase(java.util.Locale.ROOT) + ")"
                : "")
        : "a " + lit.getValueCase().name().toLowerCase(java.util.Locale.ROOT) + " literal";
    return site.fail("the interface declares " + LiteralReader.describe(type) + " but outputs.pb holds " + found);
  }
}
