package org.flyte.copilot.upload;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.StructuredDatasetMetadata;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InvalidReferenceException;

/**
 * Blobs, schemas and structured datasets (§3.5, D9, D13): a file is uploaded as one object at
 * {@code <raw>/<variable>[/<index or key>...]}, a directory file by file below it with nested paths
 * kept. The literal carries the declared type (format, dimensionality, schema columns, dataset
 * format); a declared dimensionality the disk contradicts is an error. Under DO_NOT_UPLOAD the file
 * holds the remote URI the container wrote to.
 */
final class BlobReader implements ValueReader {
  private final LiteralReader reader;

  BlobReader(LiteralReader reader) {
    this.reader = reader;
  }

  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    if (reader.doNotUpload()) {
      String uri = reader.files().readText(site, entry, kind(type) + " reference");
      return remote(site, type, uri, plan);
    }
    checkDimensionality(site, type, entry.directory());
    String dst = RawKeys.child(reader.request().toRawOutput(), site.rawSegments(), site);
    VolumeFiles volume = reader.locator().volume();
    if (entry.directory()) {
      List<Found> files = new ArrayList<>();
      Set<Path> ancestors = new HashSet<>();
      ancestors.add(entry.real());
      walk(site, entry, List.of(), ancestors, files);
      files.sort(Comparator.comparing(Found::shown));
      for (Found file : files) {
        plan.upload(site.variable(), file.shown(), file.real(), RawKeys.child(dst, file.segments(), site), volume);
      }
    } else {
      if (!entry.regular()) {
        throw site.fail(entry.path() + " is a FIFO, socket or device, not a regular file; copilot uploads only"
            + " regular files");
      }
      plan.upload(site.variable(), entry.path(), entry.real(), dst, volume);
    }
    return literal(type, dst);
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
      throw site.fail("expected the " + (reader.doNotUpload() ? "remote URI" : "local path") + " of the "
          + kind(type) + " as a string, found " + Literals.jsonKind(node));
    }
    if (reader.doNotUpload()) {
      return remote(site, type, node.textValue(), plan);
    }
    OutputLocator locator = reader.locator();
    Path local = locator.outputDir().resolve(node.textValue()).normalize();
    Site at = site.withSource(local.toString());
    Entry entry = locator.find(local, at::fail).orElseThrow(() -> site.fail("no file or directory at " + local));
    return fromEntry(at, type, entry, plan);
  }

  private Literal remote(Site site, LiteralType type, String uri, UploadPlan plan) {
    DataReference ref;
    try {
      ref = DataReference.parse(uri);
    } catch (InvalidReferenceException e) {
      throw site.fail("DO_NOT_UPLOAD expects the remote URI the task wrote to, but "
          + org.flyte.copilot.upload.parse.GoStrings.quote(uri) + " is not a valid reference: " + e.getMessage());
    }
    if (ref.scheme().isEmpty() || uri.chars().anyMatch(Character::isWhitespace)) {
      throw site.fail("DO_NOT_UPLOAD expects the remote URI the task wrote to (such as s3://bucket/key), found "
          + org.flyte.copilot.upload.parse.GoStrings.quote(uri));
    }
    if (type.getTypeCase() == LiteralType.TypeCase.BLOB
        && type.getBlob().getDimensionality() == BlobDimensionality.SINGLE) {
      plan.verifyExists(site, uri);
    }
    return literal(type, uri);
  }

  private static void checkDimensionality(Site site, LiteralType type, boolean directory) {
    if (type.getTypeCase() != LiteralType.TypeCase.BLOB) {
      return;
    }
    BlobDimensionality declared = type.getBlob().getDimensionality();
    if (declared == BlobDimensionality.SINGLE && directory) {
      throw site.fail("the interface declares a single-file blob (SINGLE) but the task wrote a directory;"
          + " write one file, or declare the output as a directory (MULTIPART)");
    }
    if (declared == BlobDimensionality.MULTIPART && !directory) {
      throw site.fail("the interface declares a directory blob (MULTIPART) but the task wrote a file;"
          + " write a directory, or declare the output as a single file (SINGLE)");
    }
  }

  private static String kind(LiteralType type) {
    return switch (type.getTypeCase()) {
      case SCHEMA -> "schema";
      case STRUCTURED_DATASET_TYPE -> "structured dataset";
      default -> "blob";
    };
  }

  static Literal literal(LiteralType type, String uri) {
    Scalar.Builder s = Scalar.newBuilder();
    switch (type.getTypeCase()) {
      case BLOB -> s.setBlob(Blob.newBuilder().setUri(uri).setMetadata(BlobMetadata.newBuilder().setType(type.getBlob())));
      case SCHEMA -> s.setSchema(Schema.newBuilder().setUri(uri).setType(type.getSchema()));
      case STRUCTURED_DATASET_TYPE -> s.setStructuredDataset(StructuredDataset.newBuilder().setUri(uri)
          .setMetadata(StructuredDatasetMetadata.newBuilder().setStructuredDatasetType(type.getStructuredDatasetType())));
      default -> throw new IllegalArgumentException("not a blob-like type: " + type.getTypeCase());
    }
    return Literals.scalar(s);
  }

  /** A file found below a directory output: its path segments below it, its path as found, its real path. */
  private record Found(List<String> segments, Path shown, Path real) {}

  /**
   * Every regular file below {@code dir}, listed without following symlinks; a symlink is followed
   * only to a real path inside the output directory, and a directory met twice on one branch is a loop.
   */
  private void walk(Site site, Entry dir, List<String> segments, Set<Path> ancestors, List<Found> out) {
    OutputLocator locator = reader.locator();
    for (String name : locator.list(dir, site::fail)) {
      Path shown = dir.path().resolve(name);
      Entry child = locator.child(dir, name, site::fail)
          .orElseThrow(() -> site.fail(shown + " disappeared while being read"));
      List<String> childSegments = new ArrayList<>(segments);
      childSegments.add(name);
      if (child.directory()) {
        if (!ancestors.add(child.real())) {
          throw site.fail(shown + " is a symlink loop");
        }
        walk(site, child, childSegments, ancestors, out);
        ancestors.remove(child.real());
      } else if (child.regular()) {
        out.add(new Found(List.copyOf(childSegments), shown, child.real()));
      } else {
        throw site.fail(shown + " is not a regular file (a socket, pipe or device)");
      }
    }
  }
}
