package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code copilot sidecar} as the kubelet runs it: a separate process started with the pod builder's
 * arguments, sent SIGTERM once the "main container" has written its outputs, against a real S3 server.
 */
@Timeout(120)
class SidecarProcessTest {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.start();
  @TempDir Path tmp;
  String bucket;
  Path config;
  Path outDir;
  Process process;
  final List<String> stderr = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    bucket = s3.newBucket();
    config = tmp.resolve("copilot-storage-config.yaml");
    Files.writeString(config, s3.storageYaml(bucket));
    outDir = Files.createDirectories(tmp.resolve("outputs"));
  }

  @AfterEach
  void tearDown() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  static String iface() {
    VariableMap.Builder vm = VariableMap.newBuilder()
        .putVariables("count", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.INTEGER)).build())
        .putVariables("report", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
            BlobType.newBuilder().setFormat("csv").setDimensionality(BlobDimensionality.SINGLE))).build())
        .putVariables("model", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
            BlobType.newBuilder().setDimensionality(BlobDimensionality.MULTIPART))).build());
    return Base64.getEncoder().encodeToString(TypedInterface.newBuilder().setOutputs(vm).build().toByteArray());
  }

  /** Starts {@code copilot ... sidecar <extra>} with the v2 pod builder's arguments. */
  private void start(String... extra) throws IOException {
    startWith(List.of(), extra);
  }

  /** Like {@link #start}, with {@code first} before all other arguments (before the sub-command). */
  private void startWith(List<String> first, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(first);
    cmd.addAll(List.of("--storage.limits.maxDownloadMBs=0", "--logger.level=4", "--storage.container=" + bucket,
        "--storage.type=stow", "--config", config.toString(),
        "sidecar", "--timeout", "1h0m0s", "--to-raw-output", "s3://" + bucket + "/raw/abc",
        "--to-output-prefix", "s3://" + bucket + "/meta/n0", "--from-local-dir", outDir.toString(),
        "--interface", iface()));
    cmd.addAll(List.of(extra));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          stderr.add(line);
        }
      } catch (IOException e) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
  }

  /** The reader may lag behind the process's exit by a moment. */
  private void awaitExitLine(String fragment) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (stderr.stream().noneMatch(l -> l.contains(fragment)) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(stderr).anyMatch(l -> l.contains(fragment));
  }

  private void awaitLine(String fragment) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (stderr.stream().noneMatch(l -> l.contains(fragment))) {
      assertThat(process.isAlive()).as("sidecar died early; stderr: %s", stderr).isTrue();
      assertThat(System.nanoTime()).as("no line containing '%s' in %s", fragment, stderr).isLessThan(end);
      Thread.sleep(20);
    }
  }

  /** SIGTERM without closing our end of the pipes (Process.destroy() would, losing the sidecar's later log lines). */
  private void sigterm() {
    assertThat(process.toHandle().destroy()).isTrue();
  }

  private void writeOutputs() throws IOException {
    Files.writeString(outDir.resolve("count"), "42\n");
    Files.writeString(outDir.resolve("report.csv"), "a,b\n1,2\n");
    Files.createDirectories(outDir.resolve("model/layers"));
    Files.writeString(outDir.resolve("model/config.json"), "{}");
    Files.writeString(outDir.resolve("model/layers/0.bin"), "w0");
  }

  private String object(String key) {
    return new String(s3.store().readAllBytes(DataReference.parse("s3://" + bucket + "/" + key)), StandardCharsets.UTF_8);
  }

  private void assertOutputsUploaded() throws Exception {
    LiteralMap m = LiteralMap.parseFrom(s3.store().readAllBytes(DataReference.parse("s3://" + bucket + "/meta/n0/outputs.pb")));
    assertThat(m.getLiteralsOrThrow("count").getScalar().getPrimitive().getInteger()).isEqualTo(42);
    assertThat(m.getLiteralsOrThrow("report").getScalar().getBlob().getUri()).isEqualTo("s3://" + bucket + "/raw/abc/report");
    assertThat(m.getLiteralsOrThrow("report").getScalar().getBlob().getMetadata().getType().getFormat()).isEqualTo("csv");
    assertThat(m.getLiteralsOrThrow("model").getScalar().getBlob().getUri()).isEqualTo("s3://" + bucket + "/raw/abc/model");
    assertThat(m.getLiteralsOrThrow("model").getScalar().getBlob().getMetadata().getType().getDimensionality())
        .isEqualTo(BlobDimensionality.MULTIPART);
    assertThat(object("raw/abc/report")).isEqualTo("a,b\n1,2\n");
    assertThat(object("raw/abc/model/config.json")).isEqualTo("{}");
    assertThat(object("raw/abc/model/layers/0.bin")).isEqualTo("w0");
  }

  @Test
  void sigtermAfterTheMainContainerExits_uploadsAndExitsZero() throws Exception {
    start();
    awaitLine("waiting for the main container to exit");
    Thread.sleep(300);
    assertThat(process.isAlive()).isTrue();
    writeOutputs();
    sigterm(); // as the kubelet sends it
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("stderr: %s", stderr).isZero();
    assertOutputsUploaded();
    assertThat(s3.store().head(DataReference.parse("s3://" + bucket + "/meta/n0/error.pb"))).isEmpty();
    awaitExitLine("info outputs written to s3://" + bucket + "/meta/n0/outputs.pb");
  }

  @Test
  void fileWatcher_endsWhenSuccessAppears() throws Exception {
    start("--start-watcher-type", "file");
    awaitLine("waiting for the main container to exit (watcher: file)");
    writeOutputs();
    Files.writeString(outDir.resolve("_SUCCESS"), "");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("stderr: %s", stderr).isZero();
    assertOutputsUploaded();
  }

  @Test
  void sigtermDuringStartup_isTheExitSignalNotAKill() throws Exception {
    writeOutputs();
    start();
    awaitLine("SIGTERM handler installed");
    sigterm(); // arrives while config and the S3 client are still being set up
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("stderr: %s", stderr).isZero();
    assertOutputsUploaded();
  }

  /**
   * After {@code waitingLine}, the sidecar stays up until SIGTERM, then exits 1 with an
   * OutputUploadFailed error document holding {@code message} and no outputs.pb (D3).
   */
  private void assertHeldUntilTheSignal(String waitingLine, String message) throws Exception {
    awaitLine(waitingLine);
    Thread.sleep(300);
    assertThat(process.isAlive()).as("a native sidecar must not exit before the signal").isTrue();
    sigterm();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    ErrorDocument doc = ErrorDocument.parseFrom(s3.store().readAllBytes(
        DataReference.parse("s3://" + bucket + "/meta/n0/error.pb")));
    assertThat(doc.getError().getCode()).isEqualTo("OutputUploadFailed");
    assertThat(doc.getError().getMessage()).isEqualTo(message);
    assertThat(s3.store().head(DataReference.parse("s3://" + bucket + "/meta/n0/outputs.pb"))).isEmpty();
  }

  @Test
  void badFlag_waitsForSigtermThenWritesTheErrorDocument() throws Exception {
    start("--format", "XML");
    assertHeldUntilTheSignal("waiting for the main container to exit",
        "incorrect input data format specified, given [XML], possible values [JSON YAML PROTO]");
  }

  @Test
  void unknownFlag_doesNotExitBeforeTheSignal() throws Exception {
    start("--no-such-flag");
    assertHeldUntilTheSignal("waiting for the exit signal (SIGTERM) before exiting 1",
        "invalid sidecar command line: Unknown option: '--no-such-flag'");
    assertThat(stderr).anyMatch(l -> l.contains("Unknown option: '--no-such-flag'"));
  }

  @Test
  void unknownFlagBeforeTheSubcommand_isAlsoHeldUntilTheSignal() throws Exception {
    startWith(List.of("--no-such-flag=1"));
    assertHeldUntilTheSignal("waiting for the exit signal (SIGTERM) before exiting 1",
        "invalid sidecar command line: Unknown option: '--no-such-flag'");
  }

  @Test
  void missingOutput_afterSigterm_writesTheErrorDocumentAndExitsNonZero() throws Exception {
    start();
    awaitLine("SIGTERM handler installed");
    Files.writeString(outDir.resolve("count"), "1");
    sigterm();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    ErrorDocument doc = ErrorDocument.parseFrom(s3.store().readAllBytes(
        DataReference.parse("s3://" + bucket + "/meta/n0/error.pb")));
    awaitExitLine("info wrote the error document s3://" + bucket + "/meta/n0/error.pb");
    assertThat(doc.getError().getMessage()).contains("output \"report\": no file or directory at " + outDir.resolve("report"))
        .contains("output \"model\": no file or directory at " + outDir.resolve("model"));
  }
}
