package org.flyte.copilot.upload.read;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import org.flyte.copilot.core.literal.SimpleValues;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/**
 * Simple types: a file of text, bytes (BINARY) or a document (STRUCT), or the matching JSON/YAML
 * value, converted by {@link SimpleValues}; a value it refuses fails the output.
 */
record SimpleReader(ValueFiles files) implements ValueReader {
  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    SimpleType t = type.getSimple();
    SimpleValues.Content content = new SimpleValues.Content() {
      @Override
      public byte[] bytes() {
        return files.readBytes(site, entry, t.name());
      }

      @Override
      public String text() {
        return files.readText(site, entry, t.name());
      }

      @Override
      public JsonNode tree() {
        return files.readTree(site, entry, t.name());
      }
    };
    try {
      return SimpleValues.fromFile(t, content);
    } catch (IllegalArgumentException e) {
      throw site.fail(e.getMessage());
    }
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    try {
      return SimpleValues.fromJson(type.getSimple(), node);
    } catch (IllegalArgumentException e) {
      throw site.fail(e.getMessage());
    }
  }
}
