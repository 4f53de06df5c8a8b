package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopilotCommandTest {
  @TempDir Path tmp;

  /** Asserts a refused command line: exit 1 and stderr starting with {@code Error: <message>}; then stderr. */
  private static AbstractStringAssert<?> assertRefused(CliRunner.Result r, String message) {
    assertThat(r.exitCode()).isEqualTo(1);
    return assertThat(r.err()).startsWith("Error: " + message);
  }

  @Test
  void help_listsSubcommandsAndStorageFlags() {
    CliRunner.Result r = CliRunner.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("download", "sidecar", "version", "--config", "--err-output-name",
        "--storage.type", "--storage.container", "--storage.stow.kind", "--storage.stow.config",
        "--storage.limits.maxDownloadMBs", "--storage.enable-multicontainer", "--logger.level",
        "--storage.connection.endpoint");
  }

  @Test
  void downloadHelp_listsContractFlags() {
    CliRunner.Result r = CliRunner.run("download", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("-f, --from-remote", "--to-output-prefix", "-o, --to-local-dir",
        "-m, --format", "-d, --download-mode", "--file-input-layout", "-t, --timeout",
        "-i, --input-interface", "default: 1h0m0s", "default: JSON");
  }

  @Test
  void sidecarHelp_listsContractFlags() {
    CliRunner.Result r = CliRunner.run("sidecar", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("-o, --to-output-prefix", "-x, --to-raw-output", "-f, --from-local-dir",
        "-m, --format", "-u, --upload-mode", "--meta-output-name", "-t, --timeout", "--start-timeout",
        "-i, --interface", "--start-watcher-type", "--exit-watcher-type", "default: outputs.pb");
  }

  @Test
  void help_neverShowsSecretValues() {
    CliRunner.Result r = CliRunner.run("download", "--help", "--storage.connection.secret-key=hunter2");
    assertThat(r.out()).doesNotContain("hunter2");
  }

  @Test
  void noSubcommand_exits1WithMessage() {
    assertRefused(CliRunner.run(), "use one of the sub-commands");
  }

  @Test
  void unknownFlag_exits1WithOneLineAndHint() {
    assertRefused(CliRunner.run("download", "--no-such-flag"), "Unknown option: '--no-such-flag'")
        .contains("Run 'copilot download --help' for more information.");
  }

  @Test
  void version_printsVersionLines() {
    CliRunner.Result r = CliRunner.run("version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("copilot ").contains("flyteidl 1.16.5", "java ");
  }

  @Test
  void download_withoutOutputPrefix_exits1AndWritesNothing() {
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp, "download",
        "--from-remote", "file://b/in/inputs.pb", "--to-local-dir", tmp.resolve("in").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("copilot: to-output-prefix is required");
    assertThat(tmp.toFile().list()).isEmpty();
  }

  @Test
  void storageFlags_workBeforeAndAfterTheSubcommand() {
    CliRunner.Result before = CliRunner.run("--storage.type=bogus", "download", "--to-output-prefix", "x");
    CliRunner.Result after = CliRunner.run("download", "--storage.type=bogus", "--to-output-prefix", "x");
    for (CliRunner.Result r : new CliRunner.Result[] {before, after}) {
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("storage.type: unsupported storage type [bogus]; allowed: [local, s3, minio, stow]");
    }
  }

  @Test
  void repeatedFlag_takesTheLastValue_asGo() {
    CliRunner.Result lastBogus = CliRunner.run("--storage.type=local", "--storage.type=bogus", "download",
        "--to-output-prefix", "x");
    assertThat(lastBogus.exitCode()).isEqualTo(1);
    assertThat(lastBogus.err()).contains("storage.type: unsupported storage type [bogus]")
        .doesNotContain("should be specified only once");

    CliRunner.Result lastLocal = CliRunner.run("--storage.type=bogus", "--storage.stow.config", "path=" + tmp,
        "--storage.type=local", "download", "--from-remote", "file://bucket/in/inputs.pb",
        "--to-output-prefix", "file://bucket/out", "--to-output-prefix", "file://bucket/last");
    assertThat(lastLocal.err()).doesNotContain("bogus");
    assertThat(tmp.resolve("bucket/last/error.pb")).exists(); // the last prefix got the error document
    assertThat(tmp.resolve("bucket/out")).doesNotExist();
  }

  @Test
  void bareBooleanFlag_doesNotTakeTheNextArgument() throws Exception {
    // Go's pflag: a bool flag takes only an attached value, so "download" stays the sub-command
    for (String flag : new String[] {"--logger.show-source", "--logger.mute", "--storage.enable-multicontainer",
        "--insecure-skip-tls-verify"}) {
      CliRunner.Result r = CliRunner.run("--storage.type=local", "--storage.stow.config", "path=" + tmp, flag,
          "download", "--from-remote", "file://bucket/in/inputs.pb", "--to-output-prefix", "file://bucket/out");
      assertThat(r.exitCode()).as(flag).isEqualTo(1);
      ErrorDocument ed = ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve("bucket/out/error.pb")));
      assertThat(ed.getError().getMessage()).as(flag).isEqualTo("to-local-dir is required");
      Files.delete(tmp.resolve("bucket/out/error.pb"));
    }
    CliRunner.Result attached = CliRunner.run("--logger.mute=false", "--stacktrace=false", "-s=true",
        "--storage.type=bogus", "download", "--to-output-prefix", "x");
    assertThat(attached.err()).contains("unsupported storage type [bogus]");
    CliRunner.Result bad = CliRunner.run("--logger.mute=maybe", "download", "--to-output-prefix", "x");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("logger.mute");
  }

  @Test
  void download_missingLocalDir_writesErrorDocumentAndExits1() throws Exception {
    CliRunner.Result r = CliRunner.run("--storage.type=local", "--storage.stow.config", "path=" + tmp,
        "download", "--from-remote", "file://bucket/in/inputs.pb", "--to-output-prefix", "file://bucket/out");
    assertThat(r.exitCode()).isEqualTo(1);
    Path doc = tmp.resolve("bucket/out/error.pb");
    ErrorDocument ed = ErrorDocument.parseFrom(Files.readAllBytes(doc));
    assertThat(ed.getError().getCode()).isEqualTo("InputDownloadFailed");
    assertThat(ed.getError().getMessage()).isEqualTo("to-local-dir is required");
    assertThat(ed.getError().getKind()).isEqualTo(ContainerError.Kind.RECOVERABLE);
    assertThat(r.err()).contains("error document written to file://bucket/out/error.pb");
  }

  @Test
  void errOutputName_overridesTheDocumentName() throws Exception {
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp, "--err-output-name", "errors.pb",
        "download", "--to-output-prefix", "file://bucket/out", "--to-local-dir", tmp.resolve("x").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    ErrorDocument ed = ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve("bucket/out/errors.pb")));
    assertThat(ed.getError().getMessage()).isEqualTo("from-remote is required");
  }

  @Test
  void download_errorDocumentCannotBeWritten_reportsBothFailures() throws Exception {
    Path blocker = tmp.resolve("bucket");
    Files.writeString(blocker, "a file where the output prefix's directory should be");
    CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp, "download",
        "--to-output-prefix", "file://bucket/out", "--from-remote", "file://bucket/in/inputs.pb");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("copilot: download failed: to-local-dir is required")
        .contains("copilot: could not write the error document under file://bucket/out: ");
  }

  @Test
  void download_signedUrlCredentials_neverReachTheErrorDocumentOrStderr() throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(403, -1);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort()
          + "/b/k?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=deadbeefSECRET";
      flyteidl.core.Literals.LiteralMap in = flyteidl.core.Literals.LiteralMap.newBuilder().putLiterals("data",
          flyteidl.core.Literals.Literal.newBuilder().setScalar(flyteidl.core.Literals.Scalar.newBuilder()
              .setBlob(flyteidl.core.Literals.Blob.newBuilder().setUri(url))).build()).build();
      Files.createDirectories(tmp.resolve("bucket/in"));
      Files.write(tmp.resolve("bucket/in/inputs.pb"), in.toByteArray());
      CliRunner.Result r = CliRunner.run("--storage.stow.config", "path=" + tmp, "download",
          "--from-remote", "file://bucket/in/inputs.pb", "--to-output-prefix", "file://bucket/out",
          "--to-local-dir", tmp.resolve("local").toString());
      assertThat(r.exitCode()).isEqualTo(1);
      String message = ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve("bucket/out/error.pb")))
          .getError().getMessage();
      assertThat(message).contains("403", "X-Amz-Signature=REDACTED").doesNotContain("deadbeefSECRET", "AKIAEXAMPLE");
      assertThat(r.err()).contains("X-Amz-Signature=REDACTED").doesNotContain("deadbeefSECRET", "AKIAEXAMPLE");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unknownOption_valueIsNeverEchoed() {
    assertRefused(CliRunner.run("download", "--storage.connection.secret_key=wJalrXUtnFEMIEXAMPLEKEY"),
        "Unknown option: '--storage.connection.secret_key'").doesNotContain("wJalrXUtnFEMIEXAMPLEKEY");
  }

  @Test
  void sidecarBadCommandLine_errorDocumentHasNoValues_evenWhenAFlagLacksItsValue() throws Exception {
    String[] args = {"--storage.stow.config", "path=" + tmp, "sidecar", "--to-output-prefix", "file://bucket/out",
        "--storage.connection.secret_key=wJalrXUtnFEMIEXAMPLEKEY", "--interface"};
    java.io.StringWriter err = new java.io.StringWriter();
    boolean written = SidecarDeferral.forExecutable(java.util.Map.of()).writeErrorDocument(args,
        "Missing required parameter for option '--interface' (<base64>)", new java.io.PrintWriter(err, true));
    assertThat(written).as(err.toString()).isTrue();
    ErrorDocument doc = ErrorDocument.parseFrom(Files.readAllBytes(tmp.resolve("bucket/out/error.pb")));
    assertThat(doc.getError().getCode()).isEqualTo("OutputUploadFailed");
    assertThat(doc.getError().getMessage()).isEqualTo(
        "invalid sidecar command line: Missing required parameter for option '--interface' (<base64>)");
    assertThat(SidecarDeferral.keepStorageAndPrefix(args)).containsExactly(
        "--storage.stow.config", "path=" + tmp, "sidecar", "--to-output-prefix", "file://bucket/out",
        "--storage.connection.secret_key=wJalrXUtnFEMIEXAMPLEKEY");
  }

  @Test
  void enableMulticontainer_asABareFlagBeforeTheSubcommand_isTrueAndLeavesTheSubcommandAlone() {
    CopilotCommand root = new CopilotCommand();
    picocli.CommandLine cl = new picocli.CommandLine(root);
    picocli.CommandLine.ParseResult pr = cl.parseArgs(GoFlags.normalize(new String[] {
        "--storage.limits.maxDownloadMBs=0", "--logger.level=4", "--storage.enable-multicontainer", "download",
        "--to-output-prefix", "s3://b/p"}, GoFlags.switches(cl)));
    assertThat(pr.subcommand().commandSpec().name()).isEqualTo("download");
    assertThat(root.global.configFlags()).containsEntry("storage.enable-multicontainer", java.util.List.of("true"))
        .containsEntry("storage.limits.maxDownloadMBs", java.util.List.of("0"))
        .containsEntry("logger.level", java.util.List.of("4"));
  }

  @Test
  void stowConfig_givenBeforeAndAfterTheSubcommand_keepsEveryValueInOrder_asGoMergesThem() {
    CopilotCommand root = new CopilotCommand();
    picocli.CommandLine cl = new picocli.CommandLine(root);
    cl.parseArgs(GoFlags.normalize(new String[] {"--storage.stow.config", "a=1", "--storage.stow.config=c=3",
        "download", "--storage.stow.config", "b=2", "--to-output-prefix", "s3://b/p"}, GoFlags.switches(cl)));
    assertThat(root.global.configFlags()).containsEntry("storage.stow.config", java.util.List.of("a=1", "c=3", "b=2"));
  }
}
