package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import java.nio.file.Path;
import java.util.Map;
import org.flyte.copilot.core.literal.JsonKinds;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/**
 * Maps (D9): a directory whose entry names are the keys (exact names, no extension stripped), each
 * read by the value type, or one JSON/YAML file holding an object.
 */
record MapReader(LiteralReader reader) implements ValueReader {
  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    if (!entry.directory()) {
      return fromJson(site, type, reader.files().readTree(site, entry, "map"), plan);
    }
    OutputLocator locator = reader.locator();
    LiteralMap.Builder m = LiteralMap.newBuilder();
    for (String key : locator.list(entry, site::fail)) {
      Path child = entry.path().resolve(key);
      Site at = site.entry(key, child.toString());
      Entry e = locator.child(entry, key, at::fail).orElseThrow(() -> at.fail(child + " disappeared while being read"));
      m.putLiterals(key, reader.fromEntry(at, type.getMapValueType(), e, plan));
    }
    return Literal.newBuilder().setMap(m).build();
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    if (node == null || !node.isObject()) {
      throw site.fail("expected a map (a directory of keys or a JSON/YAML object), found " + JsonKinds.describe(node));
    }
    LiteralMap.Builder m = LiteralMap.newBuilder();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      m.putLiterals(e.getKey(), reader.fromJson(site.entry(e.getKey(), site.source()), type.getMapValueType(),
          e.getValue(), plan));
    }
    return Literal.newBuilder().setMap(m).build();
  }
}
