package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flyte.copilot.cli.aot.EveryLiteralKind;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A task pod on one machine, the way the kubelet runs it: the packaged executable ({@code bin/copilot}
 * and {@code copilot.jar}) started with the pod builder's exact v2 and v1 arguments against the S3
 * server of the subclass; the sidecar first, then the downloader, the "main container", and SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PodLifecycleTests {
  private S3TestServer s3;
  private byte[] big;

  /** Starts the server the pod talks to; closed after the class. */
  protected abstract S3TestServer startServer();

  @BeforeAll
  void start() {
    s3 = startServer();
    big = new byte[64 << 20];
    new Random(7).nextBytes(big);
  }

  @AfterAll
  void stop() {
    if (s3 != null) {
      s3.close();
    }
  }

  /** Inputs of every kind in the bucket; returns the reference of inputs.pb. */
  private String putInputs(String bucket) {
    String s3p = "s3://" + bucket + "/";
    s3.client().putObject(b -> b.bucket(bucket).key("data/big.bin"), RequestBody.fromBytes(big));
    for (int i = 0; i < 200; i++) {
      String body = "part " + i;
      String key = "data/parts/" + (i % 7) + "/p" + i;
      s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    }
    s3.client().putObject(b -> b.bucket(bucket).key("data/partsX/leak"), RequestBody.fromString("no"));
    s3.client().putObject(b -> b.bucket(bucket).key("data/off.pb"),
        RequestBody.fromBytes(EveryLiteralKind.offloadedList().toByteArray()));
    LiteralMap in = EveryLiteralKind.inputs(s3p + "data/");
    s3.client().putObject(b -> b.bucket(bucket).key("meta/inputs.pb"), RequestBody.fromBytes(in.toByteArray()));
    return s3p + "meta/inputs.pb";
  }

  private static String outputInterface() {
    return EveryLiteralKind.outputInterface();
  }

  /** Waits (at most five minutes) for {@code p} to end, and asserts exit 0, showing its log otherwise. */
  private static void assertExitsZero(Process p, Path log) throws Exception {
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
  }

  /** Starts copilot with the flags {@code storage} and then {@code command}; its output goes to {@code log}. */
  private static Process copilot(Path log, List<String> storage, List<String> command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", System.getProperty("copilot.launcher")));
    cmd.addAll(storage);
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("COPILOT_JAR", System.getProperty("copilot.jar"));
    return pb.start();
  }

  /**
   * Downloads the inputs {@link #putInputs} wrote into {@code in}, with {@code flags} after the locations;
   * asserts exit 0 and every input in place.
   */
  private void downloadEveryKind(Path log, List<String> storage, String inputsRef, String outputPrefix, Path in,
      String... flags) throws Exception {
    List<String> command = new ArrayList<>(List.of("download", "--from-remote", inputsRef,
        "--to-output-prefix", outputPrefix, "--to-local-dir", in.toString()));
    command.addAll(List.of(flags));
    command.addAll(List.of("--input-interface",
        Base64.getEncoder().encodeToString(VariableMap.getDefaultInstance().toByteArray())));
    Process p = copilot(log, storage, command);
    assertExitsZero(p, log);
    assertDownloaded(in);
  }

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** The "main container": reads inputs like a user's program would, writes one entry per output. */
  private static void mainContainer(Path in, Path out) throws Exception {
    String script = String.join("\n",
        "set -eu",
        "echo $(( $(cat \"$1/i\") + 1 )) > \"$2/count\"",
        "printf '2.5\\r\\n' > \"$2/avg\"",
        "printf 'got %s' \"$(head -n1 \"$1/s\")\" > \"$2/msg\"",
        "echo Yes > \"$2/ok\"",
        "echo PT1H30M > \"$2/took\"",
        "cat \"$1/g\" > \"$2/cfg.json\"",
        "cp \"$1/big\" \"$2/model\"",
        "cp -r \"$1/parts\" \"$2/parts\"",
        "mkdir \"$2/xs\" && cp \"$1/l/0\" \"$2/xs/0\" && cp \"$1/l/1\" \"$2/xs/1\"",
        "printf '{\"k\": \"%s\", \"off\": \"%s\"}' \"$(cat \"$1/m/k\")\" \"$(cat \"$1/off/1\")\" > \"$2/kv.json\"",
        "echo null > \"$2/maybe\"",
        "echo green > \"$2/color\"");
    Process p = new ProcessBuilder("sh", "-c", script, "main", in.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("main container: %s", log).isZero();
  }

  private List<String> v2Storage(String bucket, Path cfgDir) {
    return List.of("--storage.limits.maxDownloadMBs=0", "--logger.level=4", "--storage.container=" + bucket,
        "--storage.type=stow", "--config", cfgDir + "/*.yaml");
  }

  private List<String> v1Storage(String bucket) {
    return List.of("--storage.limits.maxDownloadMBs=0", "--logger.level=4", "--storage.container=" + bucket,
        "--storage.type=s3",
        "--storage.connection.secret-key=" + s3.secretKey(), "--storage.connection.access-key=" + s3.accessKey(),
        "--storage.connection.auth-type=accesskey", "--storage.connection.region=" + s3.region(),
        "--storage.connection.endpoint=" + s3.endpoint());
  }

  @Test
  void v2Pod_sidecarDownloaderMainContainerSigterm(@TempDir Path tmp) throws Exception {
    String bucket = s3.newBucket();
    String inputsRef = putInputs(bucket);
    Path cfgDir = Files.createDirectories(tmp.resolve("etc-flyte-copilot"));
    Files.writeString(cfgDir.resolve("copilot-storage-config.yaml"), s3.storageYaml(bucket));
    Path in = tmp.resolve("var-inputs");
    Path out = Files.createDirectories(tmp.resolve("var-outputs"));
    String prefix = "s3://" + bucket + "/meta/n0";
    String raw = "s3://" + bucket + "/raw/abc";

    // the native sidecar starts first
    Path sidecarLog = tmp.resolve("sidecar.log");
    Process sidecar = copilot(sidecarLog, v2Storage(bucket, cfgDir), List.of("sidecar", "--timeout", "1h0m0s",
        "--to-raw-output", raw, "--to-output-prefix", prefix, "--from-local-dir", out.toString(),
        "--interface", outputInterface()));

    downloadEveryKind(tmp.resolve("download.log"), v2Storage(bucket, cfgDir), inputsRef, prefix, in,
        "--format", "JSON", "--file-input-layout", "DIRECT");
    assertThat(in.resolve("inputs.json")).content().startsWith("{\"b\":true,\"big\":\"" + in + "/big\",\"bin\":\"aGk=\"")
        .contains("\"dur\":3723000000000").contains("\"g\":{\"a\":\"\\u003c\\u0026\\u003e\",\"z\":1e+21}");

    mainContainer(in, out);
    assertThat(sidecar.isAlive()).as(Files.readString(sidecarLog)).isTrue();
    assertThat(sidecar.toHandle().destroy()).isTrue(); // SIGTERM, as the kubelet sends it
    assertExitsZero(sidecar, sidecarLog);

    LiteralMap outputs = LiteralMap.parseFrom(s3.store().readAllBytes(DataReference.parse(prefix + "/outputs.pb")));
    Map<String, Literal> o = outputs.getLiteralsMap();
    assertThat(o.get("count").getScalar().getPrimitive().getInteger()).isEqualTo(42);
    assertThat(o.get("avg").getScalar().getPrimitive().getFloatValue()).isEqualTo(2.5);
    assertThat(o.get("msg").getScalar().getPrimitive().getStringValue()).isEqualTo("got hello");
    assertThat(o.get("ok").getScalar().getPrimitive().getBoolean()).isTrue();
    assertThat(o.get("took").getScalar().getPrimitive().getDuration().getSeconds()).isEqualTo(5400);
    assertThat(o.get("cfg").getScalar().getGeneric().getFieldsOrThrow("a").getStringValue()).isEqualTo("<&>");
    Blob model = o.get("model").getScalar().getBlob();
    assertThat(model.getUri()).isEqualTo(raw + "/model");
    assertThat(model.getMetadata().getType().getFormat()).isEqualTo("bin");
    assertThat(sha(s3.store().readAllBytes(DataReference.parse(model.getUri())))).isEqualTo(sha(big));
    Blob parts = o.get("parts").getScalar().getBlob();
    assertThat(parts.getMetadata().getType().getDimensionality()).isEqualTo(BlobDimensionality.MULTIPART);
    try (Stream<?> listed = s3.store().list(DataReference.parse(parts.getUri()))) {
      assertThat(listed.count()).isEqualTo(200);
    }
    assertThat(new String(s3.store().readAllBytes(DataReference.parse(parts.getUri() + "/3/p10")),
        StandardCharsets.UTF_8)).isEqualTo("part 10");
    assertThat(o.get("xs").getCollection().getLiteralsList()).extracting(l -> l.getScalar().getPrimitive().getInteger())
        .containsExactly(1L, 2L);
    assertThat(o.get("kv").getMap().getLiteralsMap()).extractingFromEntries(e -> e.getKey() + "="
        + e.getValue().getScalar().getPrimitive().getStringValue()).containsExactlyInAnyOrder("k=v", "off=b");
    assertThat(o.get("maybe").getScalar().getUnion().getValue().getScalar().hasNoneType()).isTrue();
    assertThat(o.get("color").getScalar().getPrimitive().getStringValue()).isEqualTo("green");
    assertThat(s3.store().head(DataReference.parse(prefix + "/error.pb"))).isEmpty();
  }

  @Test
  void v1Arguments_legacyConnectionFlags_download(@TempDir Path tmp) throws Exception {
    String bucket = s3.newBucket();
    String inputsRef = putInputs(bucket);
    Path in = tmp.resolve("inputs");
    Path log = tmp.resolve("download.log");
    downloadEveryKind(log, v1Storage(bucket), inputsRef, "s3://" + bucket + "/meta/n0", in, "--format", "YAML");
    assertThat(in.resolve("inputs.yaml")).content().startsWith("b: true\nbig: " + in + "/big\nbin: aGk=\n")
        .contains("\ns: |-\n  hello\n  world\n");
    assertThat(Files.readString(log)).doesNotContain(s3.secretKey());
  }

  @Test
  void v2Download_missingBlob_writesErrorDocumentAndExits1(@TempDir Path tmp) throws Exception {
    String bucket = s3.newBucket();
    LiteralMap in = LiteralMap.newBuilder()
        .putLiterals("model", EveryLiteralKind.blob("s3://" + bucket + "/nope.bin", BlobDimensionality.SINGLE)).build();
    s3.client().putObject(b -> b.bucket(bucket).key("meta/inputs.pb"), RequestBody.fromBytes(in.toByteArray()));
    Path cfgDir = Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(cfgDir.resolve("c.yaml"), s3.storageYaml(bucket));
    Process p = copilot(tmp.resolve("download.log"), v2Storage(bucket, cfgDir), List.of("download",
        "--from-remote", "s3://" + bucket + "/meta/inputs.pb", "--to-output-prefix", "s3://" + bucket + "/meta/n0",
        "--to-local-dir", tmp.resolve("in").toString(), "--format", "JSON"));
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    var doc = flyteidl.core.Errors.ErrorDocument.parseFrom(s3.store().readAllBytes(
        DataReference.parse("s3://" + bucket + "/meta/n0/error.pb")));
    assertThat(doc.getError().getCode()).isEqualTo("InputDownloadFailed");
    assertThat(doc.getError().getMessage()).contains("model").contains("s3://" + bucket + "/nope.bin");
  }

  private void assertDownloaded(Path in) throws Exception {
    assertThat(sha(Files.readAllBytes(in.resolve("big")))).isEqualTo(sha(big));
    try (Stream<Path> files = Files.walk(in.resolve("parts"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(200);
    }
    assertThat(in.resolve("parts/6/p13")).hasContent("part 13");
    EveryKindDownloaded.assertValues(in);
    assertThat(in.resolve("inputs.pb")).exists();
  }

}
