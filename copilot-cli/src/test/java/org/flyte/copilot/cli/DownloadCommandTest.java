package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.BlobType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code copilot download} end to end: files, metadata, error documents and exit codes. */
class DownloadCommandTest {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.start();
  @TempDir Path tmp;

  private static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v))).build();
  }

  private static Literal blob(String uri) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(BlobMetadata.newBuilder().setType(BlobType.newBuilder())))).build();
  }

  private void putLocal(String key, byte[] bytes) throws Exception {
    Path p = tmp.resolve("bucket").resolve(key);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
  }

  private CliRunner.Result local(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "--storage.type=local";
    all[1] = "--storage.stow.config";
    all[2] = "path=" + tmp;
    all[3] = "download";
    System.arraycopy(args, 0, all, 4, args.length);
    return CliRunner.run(all);
  }

  /** Downloads file://bucket/in/inputs.pb into tmp/inputs, errors to file://bucket/out, plus {@code extra} flags. */
  private CliRunner.Result downloadInputs(String... extra) {
    List<String> args = new ArrayList<>(List.of("--from-remote", "file://bucket/in/inputs.pb", "--to-output-prefix",
        "file://bucket/out", "--to-local-dir", tmp.resolve("inputs").toString()));
    args.addAll(List.of(extra));
    return local(args.toArray(String[]::new));
  }

  private ErrorDocument errorDocument() throws Exception {
    return ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve("bucket/out/error.pb")));
  }

  @Test
  void download_writesFilesAndMetadata_exit0() throws Exception {
    putLocal("data/a.csv", "a,b\n".getBytes());
    putLocal("in/inputs.pb", LiteralMap.newBuilder().putLiterals("n", integer(7))
        .putLiterals("csv", blob("file://bucket/data/a.csv")).build().toByteArray());
    Path dir = tmp.resolve("inputs");
    CliRunner.Result r = downloadInputs("--format", "YAML");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(dir.resolve("n")).hasContent("7");
    assertThat(dir.resolve("csv")).hasContent("a,b\n");
    assertThat(dir.resolve("inputs.yaml")).hasContent("csv: " + dir + "/csv\n\"n\": 7");
    assertThat(dir.resolve("inputs.pb")).exists();
    assertThat(tmp.resolve("bucket/out/error.pb")).doesNotExist();
  }

  @Test
  void download_missingBlob_writesErrorDocumentNamingVariableAndReference_exit1() throws Exception {
    putLocal("in/inputs.pb", LiteralMap.newBuilder().putLiterals("model", blob("file://bucket/nope.bin")).build()
        .toByteArray());
    CliRunner.Result r = downloadInputs();
    assertThat(r.exitCode()).isEqualTo(1);
    ErrorDocument doc = errorDocument();
    assertThat(doc.getError().getCode()).isEqualTo("InputDownloadFailed");
    assertThat(doc.getError().getMessage()).isEqualTo("variable [model]: blob file://bucket/nope.bin does not exist");
    assertThat(r.err()).contains("variable [model]: blob file://bucket/nope.bin does not exist");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--format|XML|incorrect input download format specified, given [XML], possible values [JSON YAML PROTO]",
    "--file-input-layout|FLAT|incorrect file input layout specified, given [FLAT], possible values [DIRECT NAMED_DIR]",
    "-d|LAZY|incorrect input download mode specified, given [LAZY], possible values [DOWNLOAD_EAGER DOWNLOAD_STREAM "
        + "DO_NOT_DOWNLOAD]",
  })
  void download_badEnumFlag_listsAllowedValuesOnceInFixedOrder(String flag, String value, String message)
      throws Exception {
    CliRunner.Result r = downloadInputs(flag, value);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(errorDocument().getError().getMessage()).isEqualTo(message);
  }

  @Test
  void download_inputInterfaceNotBase64_isAFlagErrorNamingTheCharacter() {
    CliRunner.Result r = downloadInputs("--input-interface", "not base64!");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("invalid argument \"not base64!\" for \"-i, --input-interface\" flag: character ",
        " at offset 3");
  }

  @Test
  void download_inputInterfaceWrappedAt76Columns_decodesAsInGo() throws Exception {
    putLocal("in/inputs.pb", LiteralMap.newBuilder().putLiterals("n", integer(7)).build().toByteArray());
    VariableMap iface = VariableMap.newBuilder().putVariables("n".repeat(80), Variable.getDefaultInstance()).build();
    CliRunner.Result r = downloadInputs("--input-interface", Base64.getMimeEncoder().encodeToString(iface.toByteArray()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("invalid argument");
    assertThat(tmp.resolve("inputs/n")).hasContent("7");
  }

  @Test
  void download_badTimeoutIsAFlagError_noErrorDocument() {
    CliRunner.Result r = downloadInputs("--timeout", "5");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("invalid argument \"5\" for \"-t, --timeout\" flag: time: missing unit in duration \"5\"");
    assertThat(tmp.resolve("bucket/out/error.pb")).doesNotExist();
  }

  @Test
  void download_podBuilderV2Arguments_againstS3() throws Exception {
    String bucket = s3.newBucket();
    Path cfgDir = Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(cfgDir.resolve("copilot-storage-config.yaml"), s3.storageYaml(bucket));
    s3.client().putObject(b -> b.bucket(bucket).key("raw/sample_R1.fastq.gz"), RequestBody.fromString("R1"));
    LiteralMap in = LiteralMap.newBuilder().putLiterals("reads", blob("s3://" + bucket + "/raw/sample_R1.fastq.gz"))
        .putLiterals("n", integer(3)).build();
    s3.client().putObject(b -> b.bucket(bucket).key("m/inputs.pb"), RequestBody.fromBytes(in.toByteArray()));
    VariableMap iface = VariableMap.newBuilder().putAllVariables(Map.of("reads", Variable.getDefaultInstance(),
        "n", Variable.getDefaultInstance())).build();
    Path dir = tmp.resolve("var/inputs");
    CliRunner.Result r = CliRunner.run(Map.of(), "--storage.limits.maxDownloadMBs=0", "--logger.level=4",
        "--storage.container=" + bucket, "--storage.type=stow", "--config", cfgDir + "/*.yaml",
        "download", "--from-remote", "s3://" + bucket + "/m/inputs.pb", "--to-output-prefix", "s3://" + bucket + "/m/n0",
        "--to-local-dir", dir.toString(), "--format", "JSON", "--file-input-layout", "NAMED_DIR",
        "--input-interface", Base64.getEncoder().encodeToString(iface.toByteArray()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(dir.resolve("reads/sample_R1.fastq.gz")).hasContent("R1");
    assertThat(dir.resolve("inputs.json")).hasContent("{\"n\":3,\"reads\":\"" + dir + "/reads/sample_R1.fastq.gz\"}");
    assertThat(s3.store().head(DataReference.parse("s3://" + bucket + "/m/n0/error.pb"))).isEmpty();
    assertThat(ByteString.copyFrom(Files.readAllBytes(dir.resolve("inputs.pb")))).isNotNull();
  }
}
