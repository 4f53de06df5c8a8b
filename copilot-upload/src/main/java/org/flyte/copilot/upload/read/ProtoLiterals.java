package org.flyte.copilot.upload.read;

import com.fasterxml.jackson.databind.node.TextNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.UnionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flyte.copilot.core.literal.LiteralKinds;
import org.flyte.copilot.core.literal.LiteralTypes;
import org.flyte.copilot.core.literal.Scalars;
import org.flyte.copilot.core.literal.TypeVisitor;
import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/**
 * Literals from the container's {@code outputs.pb}: checked against the declared type, with blob,
 * schema and dataset URIs read as local paths and uploaded like files written to the output directory.
 */
public final class ProtoLiterals {
  private final LiteralReader reader;

  public ProtoLiterals(LiteralReader reader) {
    this.reader = reader;
  }

  public Literal adopt(Site site, LiteralType type, Literal lit, UploadPlan plan) {
    return LiteralTypes.accept(type, new TypeVisitor<>() {
      @Override
      public Literal simple(SimpleType t) {
        if (!LiteralKinds.matches(t, lit)) {
          throw mismatch(site, type, lit);
        }
        return Literal.newBuilder().setScalar(lit.getScalar()).build();
      }

      @Override
      public Literal blobLike(LiteralType t) {
        String uri = LiteralKinds.blobLikeUri(lit).orElseThrow(() -> mismatch(site, type, lit));
        return reader.fromJson(site, type, TextNode.valueOf(uri), plan);
      }

      @Override
      public Literal collection(LiteralType elementType) {
        if (!lit.hasCollection()) {
          throw mismatch(site, type, lit);
        }
        LiteralCollection.Builder c = LiteralCollection.newBuilder();
        List<Literal> items = lit.getCollection().getLiteralsList();
        for (int i = 0; i < items.size(); i++) {
          c.addLiterals(adopt(site.element(i, site.source()), elementType, items.get(i), plan));
        }
        return Literal.newBuilder().setCollection(c).build();
      }

      @Override
      public Literal map(LiteralType valueType) {
        if (!lit.hasMap()) {
          throw mismatch(site, type, lit);
        }
        LiteralMap.Builder m = LiteralMap.newBuilder();
        for (Map.Entry<String, Literal> e : lit.getMap().getLiteralsMap().entrySet()) {
          m.putLiterals(e.getKey(), adopt(site.entry(e.getKey(), site.source()), valueType, e.getValue(), plan));
        }
        return Literal.newBuilder().setMap(m).build();
      }

      @Override
      public Literal union(UnionType t) {
        return ProtoLiterals.this.union(site, type, lit, plan);
      }

      @Override
      public Literal enumType(EnumType t) {
        String value = LiteralKinds.stringValue(lit).orElseThrow(() -> mismatch(site, type, lit));
        return reader.fromJson(site, type, TextNode.valueOf(value), plan);
      }

      @Override
      public Literal unset() {
        throw site.fail("the task interface declares no type for this output");
      }
    });
  }

  private Literal union(Site site, LiteralType type, Literal lit, UploadPlan plan) {
    List<LiteralType> variants = type.getUnionType().getVariantsList();
    Optional<Union> stored = LiteralKinds.union(lit);
    if (stored.isPresent()) {
      for (LiteralType v : variants) {
        if (v.equals(stored.get().getType())) {
          return Scalars.union(adopt(site, v, stored.get().getValue(), plan), v);
        }
      }
      lit = stored.get().getValue();
    }
    if (LiteralKinds.isNone(lit)) {
      Optional<Literal> none = reader.absent(site, type);
      if (none.isPresent()) {
        return none.get();
      }
    }
    List<String> failures = new ArrayList<>();
    for (LiteralType v : variants) {
      if (LiteralTypes.isNone(v)) {
        continue;
      }
      UploadPlan trial = new UploadPlan();
      try {
        Literal value = adopt(site, v, lit, trial);
        plan.addAll(trial);
        return Scalars.union(value, v);
      } catch (UploadException e) {
        failures.add(LiteralTypes.describe(v) + ": " + site.reason(e));
      }
    }
    throw site.fail("no variant of the union matches the literal: " + String.join("; ", failures));
  }

  private static UploadException mismatch(Site site, LiteralType type, Literal lit) {
    return site.fail("the interface declares " + LiteralTypes.describe(type) + " but outputs.pb holds "
        + LiteralKinds.describe(lit));
  }
}
