package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/error-model.md through the real command line: for a bad input and for a storage failure, in
 * download and in sidecar, the error document's code and kind and the exit code.
 */
class ErrorModelTest {
  @TempDir Path tmp;

  private ErrorDocument document(String prefixDir) throws Exception {
    return ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve(prefixDir).resolve("error.pb")));
  }

  private CliRunner.Result copilot(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--storage.stow.config";
    all[1] = "path=" + tmp;
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRunner.run(all);
  }

  private void assertDocument(ErrorDocument doc, String code, String message) {
    assertThat(doc.getError().getCode()).isEqualTo(code);
    assertThat(doc.getError().getMessage()).isEqualTo(message);
    assertThat(doc.getError().getKind()).isEqualTo(ContainerError.Kind.RECOVERABLE);
  }

  @Test
  void download_badInput_recoverableInputDownloadFailed_exit1() throws Exception {
    Files.createDirectories(tmp.resolve("bucket/in"));
    Files.write(tmp.resolve("bucket/in/inputs.pb"), new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
    CliRunner.Result r = copilot("download", "--from-remote", "file://bucket/in/inputs.pb",
        "--to-output-prefix", "file://bucket/out", "--to-local-dir", tmp.resolve("inputs").toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    ErrorDocument doc = document("bucket/out");
    assertThat(doc.getError().getMessage())
        .startsWith("the input map file://bucket/in/inputs.pb (4 bytes) is not a valid LiteralMap: ");
    assertDocument(doc, "InputDownloadFailed", doc.getError().getMessage());
  }

  @Test
  void download_storageFailure_recoverableInputDownloadFailed_exit1() throws Exception {
    Files.createDirectories(tmp.resolve("bucket"));
    CliRunner.Result r = copilot("download", "--from-remote", "file://bucket/in/inputs.pb",
        "--to-output-prefix", "file://bucket/out", "--to-local-dir", tmp.resolve("inputs").toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    ErrorDocument doc = document("bucket/out");
    assertThat(doc.getError().getMessage()).startsWith("cannot read the input map file://bucket/in/inputs.pb: ");
    assertDocument(doc, "InputDownloadFailed", doc.getError().getMessage());
  }

  private static String sidecarInterface(String name, LiteralType type) {
    TypedInterface iface = TypedInterface.newBuilder().setOutputs(VariableMap.newBuilder()
        .putVariables(name, Variable.newBuilder().setType(type).build())).build();
    return Base64.getEncoder().encodeToString(iface.toByteArray());
  }

  private CliRunner.Result sidecar(String iface, Path outDir) {
    return copilot("sidecar", "--start-watcher-type", "noop", "--from-local-dir", outDir.toString(),
        "--to-output-prefix", "file://bucket/out", "--to-raw-output", "file://bucket/raw", "--interface", iface);
  }

  @Test
  void sidecar_badInput_recoverableOutputUploadFailed_exit1() throws Exception {
    Path outDir = Files.createDirectories(tmp.resolve("outputs"));
    Files.writeString(outDir.resolve("n"), "seven");
    CliRunner.Result r = sidecar(sidecarInterface("n", LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build()),
        outDir);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    ErrorDocument doc = document("bucket/out");
    assertThat(doc.getError().getMessage()).startsWith("output \"n\" (" + outDir.resolve("n") + "): ");
    assertDocument(doc, "OutputUploadFailed", doc.getError().getMessage());
    assertThat(tmp.resolve("bucket/out/outputs.pb")).doesNotExist();
  }

  @Test
  void sidecar_storageFailure_recoverableOutputUploadFailed_exit1() throws Exception {
    Path outDir = Files.createDirectories(tmp.resolve("outputs"));
    Files.writeString(outDir.resolve("report"), "a,b\n");
    Files.createDirectories(tmp.resolve("bucket"));
    Files.writeString(tmp.resolve("bucket/raw"), "a file where the raw output prefix's directory should be");
    CliRunner.Result r = sidecar(sidecarInterface("report", LiteralType.newBuilder()
        .setBlob(BlobType.newBuilder().setDimensionality(BlobType.BlobDimensionality.SINGLE)).build()), outDir);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    ErrorDocument doc = document("bucket/out");
    assertThat(doc.getError().getMessage()).contains("file://bucket/raw/");
    assertDocument(doc, "OutputUploadFailed", doc.getError().getMessage());
  }

  @Test
  void sidecar_errorDocumentCannotBeWritten_exit2_whereDownloadExits1() throws Exception {
    Path outDir = Files.createDirectories(tmp.resolve("outputs"));
    Files.writeString(tmp.resolve("bucket"), "a file where the bucket's directory should be");
    CliRunner.Result sidecar = sidecar(sidecarInterface("n",
        LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build()), outDir);
    assertThat(sidecar.exitCode()).as(sidecar.err()).isEqualTo(2);
    CliRunner.Result download = copilot("download", "--from-remote", "file://bucket/in/inputs.pb",
        "--to-output-prefix", "file://bucket/out", "--to-local-dir", tmp.resolve("inputs").toString());
    assertThat(download.exitCode()).as(download.err()).isEqualTo(1);
  }

  @Test
  void stacktrace_followsTheMessage_inDownloadSidecarAndCheck_onlyWhenAsked() throws Exception {
    Files.createDirectories(tmp.resolve("bucket"));
    String[] download = {"download", "--from-remote", "file://bucket/in/inputs.pb", "--to-output-prefix",
        "file://bucket/out", "--to-local-dir", tmp.resolve("inputs").toString()};
    Path outDir = Files.createDirectories(tmp.resolve("outputs"));
    String iface = sidecarInterface("n", LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build());
    String[] sidecar = {"sidecar", "--start-watcher-type", "noop", "--from-local-dir", outDir.toString(),
        "--to-output-prefix", "file://bucket/out", "--interface", iface};
    Files.writeString(tmp.resolve("bucket/blocked"), "a file where the check's prefix should be a directory");
    String[] check = {"check", "--prefix", "file://bucket/blocked"};
    for (String[] command : new String[][] {download, sidecar, check}) {
      CliRunner.Result plain = copilot(command);
      assertThat(plain.exitCode()).as(plain.err()).isEqualTo(1);
      assertThat(plain.err()).as(command[0]).doesNotContain("\tat org.flyte.copilot.");
      CliRunner.Result before = copilot(prepend("--stacktrace", command));
      assertThat(before.exitCode()).isEqualTo(1);
      assertThat(before.err()).as(command[0]).contains("\tat org.flyte.copilot.");
      String[] after = java.util.Arrays.copyOf(command, command.length + 1);
      after[command.length] = "--stacktrace";
      assertThat(copilot(after).err()).as(command[0]).contains("\tat org.flyte.copilot.");
    }
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
