package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.VolumeFiles;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.UnionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.flyte.copilot.core.literal.LiteralTypes;
import org.flyte.copilot.core.literal.Scalars;
import org.flyte.copilot.core.literal.SimpleValues;
import org.flyte.copilot.upload.locate.VolumeFiles;
import org.flyte.copilot.upload.UploadException;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/**
 * Unions and Optionals (D9): the first variant, in declared order, that reads the value wins and is
 * recorded as the union's type. The none variant of an Optional matches only a missing value, an
 * empty file, {@code null} or {@code None}, so that a value no other variant reads is an error
 * rather than a silent none.
 */
record UnionReader(LiteralReader reader) implements ValueReader {
  /** The none literal of this union, when it has a none variant. */
  Optional<Literal> none(UnionType union) {
    for (LiteralType variant : union.getVariantsList()) {
      if (LiteralTypes.isNone(variant)) {
        return Optional.of(Scalars.union(Scalars.none(), variant));
      }
    }
    return Optional.empty();
  }

  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    UnionType union = type.getUnionType();
    Optional<Literal> none = none(union);
    if (none.isPresent() && !entry.directory() && isNoneText(reader.locator().volume(), entry)) {
      return none.get();
    }
    return firstMatch(site, union, plan, (variant, trial) -> reader.fromEntry(site, variant, entry, trial));
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    UnionType union = type.getUnionType();
    Optional<Literal> none = none(union);
    if ((node == null || node.isNull()) && none.isPresent()) {
      return none.get();
    }
    return firstMatch(site, union, plan, (variant, trial) -> reader.fromJson(site, variant, node, trial));
  }

  /** An empty file, or one holding only {@code null} or {@code None}. */
  private static boolean isNoneText(VolumeFiles volume, Entry entry) {
    if (!entry.regular()) {
      return false;
    }
    try {
      byte[] bytes = volume.readAtMost(entry.real(), 16);
      if (bytes.length > 16) {
        return false;
      }
      String text = SimpleValues.trim(new String(bytes, StandardCharsets.UTF_8));
      return text.isEmpty() || text.equals("null") || text.equals("None");
    } catch (IOException e) {
      return false;
    }
  }

  /** Tries each variant with its own scratch plan, which joins {@code plan} only when the variant wins. */
  private static Literal firstMatch(Site site, UnionType union, UploadPlan plan,
      BiFunction<LiteralType, UploadPlan, Literal> attempt) {
    List<String> failures = new ArrayList<>();
    for (LiteralType variant : union.getVariantsList()) {
      if (LiteralTypes.isNone(variant)) {
        continue;
      }
      UploadPlan trial = new UploadPlan();
      try {
        Literal value = attempt.apply(variant, trial);
        plan.addAll(trial);
        return Scalars.union(value, variant);
      } catch (UploadException e) {
        failures.add(LiteralTypes.describe(variant) + ": " + site.reason(e));
      }
    }
    throw site.fail("no variant of the union reads the value: " + String.join("; ", failures));
  }

}
