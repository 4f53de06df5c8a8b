package org.flyte.copilot.upload.read;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import java.nio.file.Path;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InvalidReferenceException;
import org.flyte.copilot.core.literal.JsonKinds;
import org.flyte.copilot.core.literal.LiteralTypes;
import org.flyte.copilot.core.literal.Scalars;
import org.flyte.copilot.core.literal.text.GoStrings;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;

/**
 * Blobs, schemas and structured datasets (§3.5, D9, D13): a file is uploaded as one object at
 * {@code <raw>/<variable>[/<index or key>...]}, a directory file by file below it with nested paths
 * kept. The literal carries the declared type (format, dimensionality, schema columns, dataset
 * format); a declared dimensionality the disk contradicts is an error. Under DO_NOT_UPLOAD the file
 * holds the remote URI the container wrote to.
 */
record BlobReader(LiteralReader reader) implements ValueReader {
  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    if (reader.doNotUpload()) {
      String uri = reader.files().readText(site, entry, LiteralTypes.blobKindName(type) + " reference");
      return remote(site, type, uri, plan);
    }
    checkDimensionality(site, type, entry.directory());
    String dst = RawKeys.child(reader.request().toRawOutput(), site.rawSegments(), site);
    if (entry.directory()) {
      plan.uploadTree(site, entry, dst, reader.locator());
    } else {
      if (!entry.regular()) {
        throw site.fail(entry.path() + " is a FIFO, socket or device, not a regular file; copilot uploads only"
            + " regular files");
      }
      plan.upload(site.variable(), entry.path(), entry.real(), dst, reader.locator().volume());
    }
    return Scalars.blobLike(type, dst);
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
      throw site.fail("expected the " + (reader.doNotUpload() ? "remote URI" : "local path") + " of the "
          + LiteralTypes.blobKindName(type) + " as a string, found " + JsonKinds.describe(node));
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
          + GoStrings.quote(uri) + " is not a valid reference: " + e.getMessage());
    }
    if (ref.scheme().isEmpty() || uri.chars().anyMatch(Character::isWhitespace)) {
      throw site.fail("DO_NOT_UPLOAD expects the remote URI the task wrote to (such as s3://bucket/key), found "
          + GoStrings.quote(uri));
    }
    if (LiteralTypes.blobDimensionality(type).orElse(null) == BlobDimensionality.SINGLE) {
      plan.verifyExists(site, uri);
    }
    return Scalars.blobLike(type, uri);
  }

  private static void checkDimensionality(Site site, LiteralType type, boolean directory) {
    BlobDimensionality declared = LiteralTypes.blobDimensionality(type).orElse(null);
    if (declared == BlobDimensionality.SINGLE && directory) {
      throw site.fail("the interface declares a single-file blob (SINGLE) but the task wrote a directory;"
          + " write one file, or declare the output as a directory (MULTIPART)");
    }
    if (declared == BlobDimensionality.MULTIPART && !directory) {
      throw site.fail("the interface declares a directory blob (MULTIPART) but the task wrote a file;"
          + " write a directory, or declare the output as a single file (SINGLE)");
    }
  }
}
