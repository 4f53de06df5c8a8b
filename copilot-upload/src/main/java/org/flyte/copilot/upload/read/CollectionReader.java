package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Types.LiteralType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flyte.copilot.core.literal.JsonKinds;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/**
 * Collections (D9): a directory whose elements are {@code 0}, {@code 1}, ... (each optionally with an
 * extension, each read by the element type; a missing index is none for Optional elements), or one
 * JSON/YAML file holding an array.
 */
record CollectionReader(LiteralReader reader) implements ValueReader {
  private static final Pattern ELEMENT = Pattern.compile("(0|[1-9][0-9]{0,8})(\\..+)?");
  /** How many indexes a list directory of Optional elements may leave out (each is read as none). */
  static final int MAX_MISSING = 1000;

  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    LiteralType elementType = type.getCollectionType();
    if (!entry.directory()) {
      JsonNode node = reader.files().readTree(site, entry, "list");
      return fromJson(site, type, node, plan);
    }
    TreeMap<Integer, List<String>> byIndex = new TreeMap<>();
    for (String name : reader.locator().list(entry, site::fail)) {
      Matcher m = ELEMENT.matcher(name);
      if (!m.matches()) {
        throw site.fail("unexpected entry " + entry.path().resolve(name) + " in a list directory: elements must be"
            + " named 0, 1, 2, ... (optionally with an extension, such as 0.csv)");
      }
      byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>()).add(name);
    }
    int size = byIndex.isEmpty() ? 0 : byIndex.lastKey() + 1;
    int missing = size - byIndex.size();
    if (missing > MAX_MISSING && reader.absent(site, elementType).isPresent()) {
      // each missing index becomes a none literal: a lone "99999999" must not build 10^8 of them
      throw site.element(byIndex.lastKey(), entry.path().resolve(byIndex.get(byIndex.lastKey()).get(0)).toString())
          .fail("element index " + byIndex.lastKey() + " leaves " + missing + " indexes missing below it among "
              + byIndex.size() + " elements; a list directory may skip at most " + MAX_MISSING
              + " indexes (each is none); number the elements 0, 1, 2, ...");
    }
    LiteralCollection.Builder c = LiteralCollection.newBuilder();
    for (int i = 0; i < size; i++) {
      Site element = site.element(i, entry.path().resolve(Integer.toString(i)).toString());
      List<String> names = byIndex.get(i);
      if (names == null) {
        int index = i;
        c.addLiterals(reader.absent(element, elementType).orElseThrow(() -> element.fail(
            "element " + index + " is missing: a list directory with " + size + " elements must hold 0 to "
                + (size - 1))));
        continue;
      }
      c.addLiterals(reader.readIn(entry, Integer.toString(i), element, elementType, plan));
    }
    return Literal.newBuilder().setCollection(c).build();
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    if (node == null || !node.isArray()) {
      throw site.fail("expected a list (a directory of elements 0, 1, ... or a JSON/YAML array), found "
          + JsonKinds.describe(node));
    }
    LiteralCollection.Builder c = LiteralCollection.newBuilder();
    for (int i = 0; i < node.size(); i++) {
      c.addLiterals(reader.fromJson(site.element(i, site.source()), type.getCollectionType(), node.get(i), plan));
    }
    return Literal.newBuilder().setCollection(c).build();
  }
}
