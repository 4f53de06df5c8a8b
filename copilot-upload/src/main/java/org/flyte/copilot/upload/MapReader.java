package org.flyte.copilot.upload;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maps (D9): a directory whose entry names are the keys (exact names, no extension stripped), each
 * read by the value type, or one JSON/YAML file holding an object.
 */
final class MapReader implements ValueReader {
  private final LiteralReader reader;

  MapReader(LiteralReader reader) {
    this.reader = reader;
  }

  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    if (!entry.directory()) {
      return fromJson(site, type, reader.files().readTree(site, entry, "map"), plan);
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(entry.path())) {
      ds.forEach(children::add);
    } catch (IOException e) {
      throw site.fail("cannot list the directory " + entry.path() + ": " + e);
    }
    children.sort(null);
    LiteralMap.Builder m = LiteralMap.newBuilder();
    for (Path child : children) {
      String key = child.getFileName().toString();
      Site at = site.entry(key, child.toString());
      Entry e = reader.locator().check(child, at);
      m.putLiterals(key, reader.fromEntry(at, type.getMapValueType(), e, plan));
    }
    return Literal.newBuilder().setMap(m).build();
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    if (node == null || !node.isObject()) {
      throw site.fail("expected a map (a directory of keys or a JSON/YAML object), found " + Literals.jsonKind(node));
    }
    LiteralMap.Builder m = LiteralMap.newBuilder();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      m.putLiterals(e.getKey(), reader.fromJson(site.entry(e.getKey(), site.source()), type.getMapValueType(),
          e.getValue(), plan));
    }
    return Literal.newBuilder().setMap(m).build();
  }
}
