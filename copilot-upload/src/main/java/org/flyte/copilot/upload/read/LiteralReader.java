package org.flyte.copilot.upload.read;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import java.util.Optional;
import org.flyte.copilot.core.iostrategy.UploadMode;
import org.flyte.copilot.core.literal.TypeKindTable;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/** Reads output values of any declared type by handing each kind to its reader. Not thread-safe. */
public final class LiteralReader {
  private final UploadRequest request;
  private final OutputLocator locator;
  private final ValueFiles files;
  private final UnionReader unions;
  private final TypeKindTable<ValueReader> readers;

  public LiteralReader(UploadRequest request, OutputLocator locator) {
    this.request = request;
    this.locator = locator;
    this.files = new ValueFiles(request.maxSimpleBytes(), locator.volume());
    this.unions = new UnionReader(this);
    this.readers = new TypeKindTable<>(new SimpleReader(files), new BlobReader(this), new CollectionReader(this),
        new MapReader(this), unions, new EnumReader(files));
  }

  public UploadRequest request() {
    return request;
  }

  public OutputLocator locator() {
    return locator;
  }

  ValueFiles files() {
    return files;
  }

  boolean doNotUpload() {
    return request.uploadMode() == UploadMode.DO_NOT_UPLOAD;
  }

  /** The value of output {@code name}, read from its own file or directory. */
  public Literal readOutput(String name, LiteralType type, UploadPlan plan) {
    Site site = Site.output(name, null);
    return readIn(locator.root(), name, site, type, plan);
  }

  /** The value named {@code name} inside {@code dir}; a missing one is none for an Optional, else an error. */
  Literal readIn(Entry dir, String name, Site site, LiteralType type, UploadPlan plan) {
    Optional<Entry> entry = locator.locate(dir, name, site);
    if (entry.isEmpty()) {
      return absent(site, type).orElseThrow(() -> locator.missing(dir.path(), name, site));
    }
    return fromEntry(site.withSource(entry.get().path().toString()), type, entry.get(), plan);
  }

  /** The literal for a value that was not written, when the type allows that (an Optional). */
  Optional<Literal> absent(Site site, LiteralType type) {
    return type.hasUnionType() ? unions.none(type.getUnionType()) : Optional.empty();
  }

  Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    return reader(site, type).fromEntry(site, type, entry, plan);
  }

  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    return reader(site, type).fromJson(site, type, node, plan);
  }

  /** The one reader of each kind of type. */
  private ValueReader reader(Site site, LiteralType type) {
    return readers.of(type, () -> {
      throw site.fail("the task interface declares no type for this output");
    });
  }
}
