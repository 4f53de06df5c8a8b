package org.flyte.copilot.upload;

import org.flyte.copilot.upload.transfer.UploadCache;
import org.flyte.copilot.upload.transfer.UploadListener;
import org.flyte.copilot.upload.transfer.Uploader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flyte.copilot.upload.Fixture.blob;
import static org.flyte.copilot.upload.Fixture.dataset;
import static org.flyte.copilot.upload.Fixture.outputs;
import static org.flyte.copilot.upload.Fixture.schema;

import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.StructuredDatasetMetadata;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flyte.copilot.core.storage.DataReference;
import org.junit.jupiter.api.Test;

class BlobOutputsTest extends FixtureTestBase {

  private static Literal blobLiteral(String uri, String format, BlobDimensionality d) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(BlobMetadata.newBuilder().setType(BlobType.newBuilder().setFormat(format).setDimensionality(d)))))
        .build();
  }

  private List<String> rawKeys() throws Exception {
    Path raw = f.storeRoot.resolve("bucket/raw");
    if (!Files.exists(raw)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(raw)) {
      return s.filter(Files::isRegularFile).map(p -> raw.relativize(p).toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void file_isUploadedAsSingleBlobWithDeclaredFormat() throws Exception {
    f.write("report.csv", "a,b\n1,2\n");
    LiteralMap m = f.upload(outputs("report", blob("csv", BlobDimensionality.SINGLE)));
    assertThat(m.getLiteralsOrThrow("report")).isEqualTo(blobLiteral(Fixture.RAW + "/report", "csv", BlobDimensionality.SINGLE));
    assertThat(f.raw("report")).isEqualTo("a,b\n1,2\n");
    assertThat(rawKeys()).containsExactly("report");
  }

  @Test
  void directory_isUploadedAsMultipartKeepingNestedPaths() throws Exception {
    f.write("d/root_file.txt", "root");
    f.write("d/nested/deep_file.txt", "deep");
    f.write("d/nested/more/x y%z:w?.txt", "odd");
    f.write("d/.hidden", "h");
    for (int i = 0; i < 30; i++) {
      f.write("d/many/" + i, "n" + i);
    }
    LiteralMap m = f.upload(f.request(outputs("d", blob("", BlobDimensionality.MULTIPART))).with(r -> r.concurrency = 3));
    assertThat(m.getLiteralsOrThrow("d")).isEqualTo(blobLiteral(Fixture.RAW + "/d", "", BlobDimensionality.MULTIPART));
    assertThat(f.raw("d/root_file.txt")).isEqualTo("root");
    assertThat(f.raw("d/nested/deep_file.txt")).isEqualTo("deep");
    assertThat(f.raw("d/.hidden")).isEqualTo("h");
    assertThat(new String(f.store.readAllBytes(new DataReference("file", "bucket", "raw/d/nested/more/x y%z:w?.txt"))))
        .isEqualTo("odd");
    assertThat(rawKeys()).hasSize(34);
    for (int i = 0; i < 30; i++) {
      assertThat(f.raw("d/many/" + i)).isEqualTo("n" + i);
    }
  }

  @Test
  void emptyDirectory_isAnEmptyMultipartBlob() throws Exception {
    f.mkdir("d");
    LiteralMap m = f.upload(outputs("d", blob("", BlobDimensionality.MULTIPART)));
    assertThat(m.getLiteralsOrThrow("d")).isEqualTo(blobLiteral(Fixture.RAW + "/d", "", BlobDimensionality.MULTIPART));
    assertThat(rawKeys()).isEmpty();
  }

  @Test
  void directoryDeclaredSingle_isADimensionalityError() {
    Path d = f.mkdir("model");
    f.write("model/w.bin", "w");
    assertThatThrownBy(() -> f.upload(outputs("model", blob("", BlobDimensionality.SINGLE))))
        .isInstanceOf(UploadException.class)
        .hasMessage("output \"model\" (" + d + "): the interface declares a single-file blob (SINGLE) but the task wrote"
            + " a directory; write one file, or declare the output as a directory (MULTIPART)");
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void fileDeclaredMultipart_isADimensionalityError() {
    Path p = f.write("d", "x");
    assertThatThrownBy(() -> f.upload(outputs("d", blob("", BlobDimensionality.MULTIPART))))
        .hasMessage("output \"d\" (" + p + "): the interface declares a directory blob (MULTIPART) but the task wrote"
            + " a file; write a directory, or declare the output as a single file (SINGLE)");
  }

  @Test
  void symlinkOutOfTheOutputDirectory_isNeverUploaded() throws Exception {
    Path secret = Files.writeString(temp.resolve("secret.txt"), "token");
    Path link = Files.createSymbolicLink(f.outDir.resolve("f"), secret);
    assertThatThrownBy(() -> f.upload(outputs("f", blob("", BlobDimensionality.SINGLE))))
        .hasMessage("output \"f\": " + link + " resolves to " + secret.toRealPath()
            + ", outside the output directory " + f.outDir + "; copilot does not read or upload files outside it");
    assertThat(rawKeys()).isEmpty();
  }

  @Test
  void symlinkInsideADirectoryPointingOut_failsTheOutput() throws Exception {
    Path secret = Files.writeString(temp.resolve("secret.txt"), "token");
    f.write("d/ok.txt", "ok");
    Files.createSymbolicLink(f.outDir.resolve("d/leak"), secret);
    assertThatThrownBy(() -> f.upload(outputs("d", blob("", BlobDimensionality.MULTIPART))))
        .hasMessageContaining(f.outDir.resolve("d/leak") + " resolves to " + secret.toRealPath()
            + ", outside the output directory");
    assertThat(rawKeys()).isEmpty();
  }

  @Test
  void symlinkedDirectoryPointingOut_failsTheOutput() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("etc"));
    Files.writeString(outside.resolve("passwd"), "root");
    f.mkdir("d");
    Files.createSymbolicLink(f.outDir.resolve("d/etc"), outside);
    assertThatThrownBy(() -> f.upload(outputs("d", blob("", BlobDimensionality.MULTIPART))))
        .hasMessageContaining("resolves to " + outside.toRealPath() + ", outside the output directory");
  }

  @Test
  void symlinkStayingInside_isFollowed() throws Exception {
    f.write("data.bin", "payload");
    Files.createSymbolicLink(f.outDir.resolve("f"), f.outDir.resolve("data.bin"));
    LiteralMap m = f.upload(outputs("f", blob("", BlobDimensionality.SINGLE)));
    assertThat(m.getLiteralsOrThrow("f").getScalar().getBlob().getUri()).isEqualTo(Fixture.RAW + "/f");
    assertThat(f.raw("f")).isEqualTo("payload");
  }

  @Test
  void schemaAndStructuredDataset_carryTheirDeclaredTypes() throws Exception {
    f.write("sch/00000", "parquet-bytes");
    f.write("sd/part-0.parquet", "p0");
    f.write("sd/part-1.parquet", "p1");
    LiteralMap m = f.upload(outputs("sch", schema(), "sd", dataset("parquet")));
    assertThat(m.getLiteralsOrThrow("sch")).isEqualTo(Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setSchema(Schema.newBuilder().setUri(Fixture.RAW + "/sch").setType(schema().getSchema()))).build());
    assertThat(m.getLiteralsOrThrow("sd")).isEqualTo(Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setStructuredDataset(StructuredDataset.newBuilder().setUri(Fixture.RAW + "/sd").setMetadata(
            StructuredDatasetMetadata.newBuilder().setStructuredDatasetType(dataset("parquet").getStructuredDatasetType()))))
        .build());
    assertThat(f.raw("sch/00000")).isEqualTo("parquet-bytes");
    assertThat(f.raw("sd/part-1.parquet")).isEqualTo("p1");
  }

  @Test
  void finalUpload_recordsNothingInTheEagerCache() throws Exception {
    for (int i = 0; i < 50; i++) {
      f.write("d/f" + i, "x" + i);
    }
    UploadCache cache = new UploadCache();
    new Uploader(f.store, UploadListener.NONE).upload(f.request(outputs("d", blob("", BlobDimensionality.MULTIPART))),
        cache);
    assertThat(f.raw("d/f49")).isEqualTo("x49");
    assertThat(cache.size()).as("no fingerprint per file kept after the last upload").isZero();
  }

  @Test
  void storageFailure_namesOutputLocalPathAndReference() throws Exception {
    f.write("f", "x");
    // a directory where the object must go makes the file store's write fail
    Files.createDirectories(f.storeRoot.resolve("bucket/raw/f/blocker"));
    assertThatThrownBy(() -> f.upload(outputs("f", blob("", BlobDimensionality.SINGLE))))
        .hasMessageStartingWith("failed to upload 1 of 1 files: output \"f\": " + f.outDir.resolve("f") + " to "
            + Fixture.RAW + "/f: ");
    assertThat(f.hasOutputs()).isFalse();
  }
}
