package org.flyte.copilot.upload;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import java.util.Optional;
import org.flyte.copilot.core.iostrategy.UploadMode;

/** Reads output values of any declared type by handing each kind to its reader. Not thread-safe. */
public final class LiteralReader {
  private final UploadRequest request;
  private final OutputLocator locator;
  private final ValueFiles files;
  private final SimpleReader simple;
  private final BlobReader blobs;
  private final CollectionReader collections;
  private final MapReader maps;
  private final UnionReader unions;
  private final EnumReader enums;

  public LiteralReader(UploadRequest request, OutputLocator locator) {
    this.request = request;
    this.locator = locator;
    this.files = new ValueFiles(request.maxSimpleBytes(), locator.volume());
    this.simple = new SimpleReader(files);
    this.blobs = new BlobReader(this);
    this.collections = new CollectionReader(this);
    this.maps = new MapReader(this);
    this.unions = new UnionReader(this);
    this.enums = new EnumReader(files);
  }

  UploadRequest request() {
    return request;
  }

  OutputLocator locator() {
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
    if (type.getTypeCase() == LiteralType.TypeCase.UNION_TYPE) {
      return unions.none(type.getUnionType());
    }
    return Optional.empty();
  }

  Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    return reader(site, type).fromEntry(site, type, entry, plan);
  }

  Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    return reader(site, type).fromJson(site, type, node, plan);
  }

  private ValueReader reader(Site site, LiteralType type) {
    return switch (type.getTypeCase()) {
      case SIMPLE -> simple;
      case BLOB, SCHEMA, STRUCTURED_DATASET_TYPE -> blobs;
      case COLLECTION_TYPE -> collections;
      case MAP_VALUE_TYPE -> maps;
      case UNION_TYPE -> unions;
      case ENUM_TYPE -> enums;
      case TYPE_NOT_SET -> throw site.fail("the task interface declares no type for this output");
    };
  }

  /** A short name of {@code type} for messages: INTEGER, blob, list of STRING... */
  public static String describe(LiteralType type) {
    return switch (type.getTypeCase()) {
      case SIMPLE -> type.getSimple().name();
      case BLOB -> type.getBlob().getDimensionality().name() + " blob"
          + (type.getBlob().getFormat().isEmpty() ? "" : " (format " + type.getBlob().getFormat() + ")");
      case SCHEMA -> "schema";
      case STRUCTURED_DATASET_TYPE -> "structured dataset";
      case COLLECTION_TYPE -> "list of " + describe(type.getCollectionType());
      case MAP_VALUE_TYPE -> "map of " + describe(type.getMapValueType());
      case UNION_TYPE -> {
        StringBuilder b = new StringBuilder("union of ");
        for (int i = 0; i < type.getUnionType().getVariantsCount(); i++) {
          b.append(i == 0 ? "" : ", ").append(describe(type.getUnionType().getVariants(i)));
        }
        yield b.toString();
      }
      case ENUM_TYPE -> "enum " + type.getEnumType().getValuesList();
      case TYPE_NOT_SET -> "unset type";
    };
  }
}
