package org.flyte.copilot.upload;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import java.util.List;

/** Enums (D9): the trimmed text must be one of the declared values; the literal is a string, as Flyte's. */
final class EnumReader implements ValueReader {
  private final ValueFiles files;

  EnumReader(ValueFiles files) {
    this.files = files;
  }

  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    return of(site, type, files.readText(site, entry, "enum"));
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    if (node == null || !node.isTextual()) {
      throw site.fail("expected one of the enum values " + type.getEnumType().getValuesList() + " as a string, found "
          + Literals.jsonKind(node));
    }
    return of(site, type, ValueFiles.trim(node.textValue()));
  }

  private static Literal of(Site site, LiteralType type, String value) {
    List<String> allowed = type.getEnumType().getValuesList();
    if (!allowed.contains(value)) {
      throw site.fail("the value " + org.flyte.copilot.upload.parse.GoStrings.quote(value)
          + " is not one of the declared enum values " + allowed);
    }
    return Literals.string(value);
  }
}
