package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import java.util.List;
import org.flyte.copilot.core.literal.JsonKinds;
import org.flyte.copilot.core.literal.Scalars;
import org.flyte.copilot.core.literal.SimpleValues;
import org.flyte.copilot.core.literal.text.GoStrings;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/** Enums (D9): the trimmed text must be one of the declared values; the literal is a string, as Flyte's. */
record EnumReader(ValueFiles files) implements ValueReader {
  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    return of(site, type, files.readText(site, entry, "enum"));
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    if (node == null || !node.isTextual()) {
      throw site.fail("expected one of the enum values " + type.getEnumType().getValuesList() + " as a string, found "
          + JsonKinds.describe(node));
    }
    return of(site, type, SimpleValues.trim(node.textValue()));
  }

  private static Literal of(Site site, LiteralType type, String value) {
    List<String> allowed = type.getEnumType().getValuesList();
    if (!allowed.contains(value)) {
      throw site.fail("the value " + GoStrings.quote(value)
          + " is not one of the declared enum values " + allowed);
    }
    return Scalars.string(value);
  }
}
