package org.flyte.copilot.upload;

import org.flyte.copilot.upload.transfer.UploadListener;
import org.flyte.copilot.upload.transfer.Uploader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flyte.copilot.upload.Fixture.DIR;
import static org.flyte.copilot.upload.Fixture.INT;
import static org.flyte.copilot.upload.Fixture.STR;
import static org.flyte.copilot.upload.Fixture.blob;
import static org.flyte.copilot.upload.Fixture.listOf;
import static org.flyte.copilot.upload.Fixture.mapOf;
import static org.flyte.copilot.upload.Fixture.outputs;
import static org.flyte.copilot.upload.Fixture.simple;
import static org.flyte.copilot.upload.Fixture.union;

import com.google.protobuf.Duration;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.iostrategy.UploadMode;
import org.flyte.copilot.core.storage.DataReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataFileAndModesTest extends FixtureTestBase {
  static final LiteralType FILE = blob("txt", BlobDimensionality.SINGLE);

  @Test
  void outputsJson_holdsSomeOutputs_othersComeFromTheirFiles() {
    f.write("data/report.txt", "report");
    f.write("outputs.json", "{\"n\": 42, \"names\": [\"a\", \"b\"], \"dur\": 1500000000, \"opt\": null,"
        + " \"report\": \"data/report.txt\", \"m\": {\"k\": 1}}");
    f.write("s", "from its own file");
    LiteralMap m = f.upload(outputs("n", INT, "names", listOf(STR), "dur", simple(SimpleType.DURATION),
        "opt", union(INT, simple(SimpleType.NONE)), "report", FILE, "m", mapOf(INT), "s", STR));
    assertThat(m.getLiteralsOrThrow("n")).isEqualTo(CompositeOutputsTest.i(42));
    assertThat(m.getLiteralsOrThrow("names")).isEqualTo(CompositeOutputsTest.list(CompositeOutputsTest.s("a"),
        CompositeOutputsTest.s("b")));
    assertThat(m.getLiteralsOrThrow("dur").getScalar().getPrimitive().getDuration())
        .isEqualTo(Duration.newBuilder().setSeconds(1).setNanos(500_000_000).build());
    assertThat(m.getLiteralsOrThrow("opt")).isEqualTo(CompositeOutputsTest.u(CompositeOutputsTest.none(),
        simple(SimpleType.NONE)));
    assertThat(m.getLiteralsOrThrow("report")).isEqualTo(Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(
        Blob.newBuilder().setUri(Fixture.RAW + "/report").setMetadata(BlobMetadata.newBuilder().setType(FILE.getBlob()))))
        .build());
    assertThat(f.raw("report")).isEqualTo("report");
    assertThat(m.getLiteralsOrThrow("m")).isEqualTo(CompositeOutputsTest.map("k", CompositeOutputsTest.i(1)));
    assertThat(m.getLiteralsOrThrow("s")).isEqualTo(CompositeOutputsTest.s("from its own file"));
  }

  @Test
  void outputsYaml_isReadWhenTheFormatIsYaml() {
    f.write("outputs.yaml", "n: 7\nflag: yes\n");
    f.write("outputs.json", "{\"n\": 1}");
    LiteralMap m = f.upload(f.request(outputs("n", INT, "flag", simple(SimpleType.BOOLEAN))).withFormat(MetadataFormat.YAML));
    assertThat(m.getLiteralsOrThrow("n")).isEqualTo(CompositeOutputsTest.i(7));
    assertThat(m.getLiteralsOrThrow("flag").getScalar().getPrimitive().getBoolean()).isTrue();
  }

  @Test
  void outputsPb_literalsAreCheckedAndBlobPathsUploaded() throws Exception {
    f.write("out/model.bin", "weights");
    LiteralMap local = LiteralMap.newBuilder()
        .putLiterals("n", CompositeOutputsTest.i(3))
        .putLiterals("model", Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder()
            .setUri(f.outDir.resolve("out/model.bin").toString()))).build())
        .build();
    Files.write(f.outDir.resolve("outputs.pb"), local.toByteArray());
    LiteralMap m = f.upload(f.request(outputs("n", INT, "model", FILE)).withFormat(MetadataFormat.PROTO));
    assertThat(m.getLiteralsOrThrow("n")).isEqualTo(CompositeOutputsTest.i(3));
    assertThat(m.getLiteralsOrThrow("model").getScalar().getBlob().getUri()).isEqualTo(Fixture.RAW + "/model");
    assertThat(m.getLiteralsOrThrow("model").getScalar().getBlob().getMetadata().getType()).isEqualTo(FILE.getBlob());
    assertThat(f.raw("model")).isEqualTo("weights");
  }

  @Test
  void outputsPb_withAWrongLiteralKind_isAnError() throws Exception {
    LiteralMap local = LiteralMap.newBuilder().putLiterals("n", CompositeOutputsTest.s("three")).build();
    Files.write(f.outDir.resolve("outputs.pb"), local.toByteArray());
    assertThatThrownBy(() -> f.upload(f.request(outputs("n", INT)).withFormat(MetadataFormat.PROTO)))
        .hasMessage("output \"n\" (" + f.outDir.resolve("outputs.pb") + "): the interface declares INTEGER but outputs.pb"
            + " holds a primitive literal (string_value)");
  }

  /** An outputs.json that the interface {n: INTEGER} rejects, and the message, with %s for the file's path. */
  static Stream<Arguments> rejectedOutputsJson() {
    return Stream.of(
        Arguments.of("an undeclared name", "{\"n\": 1, \"typo\": 2}",
            "the metadata file %s holds [typo], which the task interface does not declare (declared outputs: [n])"),
        Arguments.of("null for a required output", "{\"n\": null}",
            "output \"n\" (%s): the value is null, but the output type INTEGER is not optional"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedOutputsJson")
  void outputsJson_thatTheInterfaceRejects_isAnError(String what, String json, String message) {
    f.write("outputs.json", json);
    assertThatThrownBy(() -> f.upload(outputs("n", INT)))
        .hasMessage(message.formatted(f.outDir.resolve("outputs.json")));
  }

  @Test
  void outputsJson_blobPathOutsideTheOutputDirectory_isRejected() throws Exception {
    Path secret = Files.writeString(temp.resolve("secret"), "s");
    f.write("outputs.json", "{\"f\": \"../secret\"}");
    assertThatThrownBy(() -> f.upload(outputs("f", FILE)))
        .hasMessageContaining("resolves to " + secret.toRealPath() + ", outside the output directory");
  }

  @Test
  void errorFile_failsWithTheUserText() {
    f.write("_ERROR", "model diverged\n");
    f.write("n", "1");
    assertThatThrownBy(() -> f.upload(outputs("n", INT))).hasMessage("User Error: model diverged\n");
  }

  @Test
  void errorFileDirectory_isReported() {
    f.mkdir("_ERROR");
    assertThatThrownBy(() -> f.upload(outputs("n", INT)))
        .hasMessage("error file is a directory (" + f.outDir.resolve("_ERROR") + ")");
  }

  @Test
  void doNotUpload_takesTheRemoteUriTheTaskWrote() throws Exception {
    f.store.write(DataReference.parse("file://elsewhere/model.bin"), "w".getBytes());
    f.write("model", "file://elsewhere/model.bin\n");
    f.write("dir", "s3://bucket/some/prefix");
    f.write("n", "5");
    LiteralMap m = f.upload(f.request(outputs("model", FILE, "dir", DIR, "n", INT)).with(r -> r.uploadMode = UploadMode.DO_NOT_UPLOAD));
    assertThat(m.getLiteralsOrThrow("model").getScalar().getBlob()).isEqualTo(Blob.newBuilder()
        .setUri("file://elsewhere/model.bin").setMetadata(BlobMetadata.newBuilder().setType(FILE.getBlob())).build());
    assertThat(m.getLiteralsOrThrow("dir").getScalar().getBlob().getUri()).isEqualTo("s3://bucket/some/prefix");
    assertThat(m.getLiteralsOrThrow("dir").getScalar().getBlob().getMetadata().getType().getDimensionality())
        .isEqualTo(BlobDimensionality.MULTIPART);
    assertThat(Files.exists(f.storeRoot.resolve("bucket/raw"))).isFalse();
  }

  @Test
  void doNotUpload_missingRemoteObject_isAnError() {
    Path p = f.write("model", "file://elsewhere/nothing.bin");
    assertThatThrownBy(() -> f.upload(f.request(outputs("model", FILE)).with(r -> r.uploadMode = UploadMode.DO_NOT_UPLOAD)))
        .hasMessage("output \"model\" (" + p + "): the task wrote the reference file://elsewhere/nothing.bin"
            + " (DO_NOT_UPLOAD) but no object exists there");
  }

  @Test
  void doNotUpload_localPathInsteadOfUri_isAnError() {
    f.write("model", "/var/outputs/model.bin");
    assertThatThrownBy(() -> f.upload(f.request(outputs("model", FILE)).with(r -> r.uploadMode = UploadMode.DO_NOT_UPLOAD)))
        .hasMessageContaining("DO_NOT_UPLOAD expects the remote URI the task wrote to (such as s3://bucket/key), found"
            + " \"/var/outputs/model.bin\"");
  }

  @Test
  void outputsPbIsWrittenWithTheConfiguredName() {
    f.write("n", "1");
    new Uploader(f.store, UploadListener.NONE).upload(f.request(outputs("n", INT)).with(r -> r.metaOutputName = "custom.pb"));
    assertThat(f.store.head(DataReference.parse(Fixture.OUT + "/custom.pb"))).isPresent();
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void floatJsonValues_keepFullPrecision() {
    f.write("outputs.json", "{\"x\": 0.1, \"y\": \"NaN\"}");
    LiteralMap m = f.upload(outputs("x", simple(SimpleType.FLOAT), "y", simple(SimpleType.FLOAT)));
    assertThat(m.getLiteralsOrThrow("x")).isEqualTo(Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setPrimitive(Primitive.newBuilder().setFloatValue(0.1))).build());
    assertThat(m.getLiteralsOrThrow("y").getScalar().getPrimitive().getFloatValue()).isNaN();
  }
}
