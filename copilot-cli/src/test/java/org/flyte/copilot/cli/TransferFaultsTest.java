package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flyte.copilot.cli.aot.EveryLiteralKind;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.flyte.copilot.core.testing.FaultProxy;
import org.flyte.copilot.core.testing.FaultProxy.DeadStore;
import org.flyte.copilot.core.testing.FaultProxy.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code copilot download} and {@code copilot sidecar}, each a separate process as in a pod, talking
 * to the embedded S3 server through a {@link FaultProxy} that breaks a tenth of the exchanges
 * (connection resets before a response and in the middle of bodies, truncated bodies, 503 SlowDown,
 * 500) or plays a dead store. Inputs and outputs: scalars of every kind, an offloaded literal, a
 * 256 MiB single blob and a 1,000-file multipart blob (1–8 KiB files).
 *
 * <p>Through faults, every run must end byte-identical (SHA-256 of every file, literals of
 * inputs.pb / outputs.pb); with a dead store, a run must end within its {@code --timeout} with a
 * non-zero exit and a clear message, never leaving an outputs.pb or a wrong file under a final name.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferFaultsTest {
  private static final int BIG_BYTES = 256 << 20;
  private static final int SMALL_FILES = 1000;
  private static final double FAULT_SHARE = 0.10;
  /**
   * What a download may take on top of its --timeout, which counts from the start of the process: JVM
   * start-up (seconds on a loaded 2-core machine) and exit.
   */
  private static final Duration DOWNLOAD_GRACE = Duration.ofSeconds(10);
  /** How long a run against a dead or dying store is awaited before it is killed and the test fails. */
  private static final Duration DEAD_STORE_PATIENCE = Duration.ofSeconds(40);
  /** What a sidecar may take on top of its --timeout, which counts from the exit signal. */
  private static final Duration SIDECAR_GRACE = Duration.ofSeconds(5);

  private Path data;
  private EmbeddedS3 s3;
  private String bucket;
  private Path bigFile;
  private String bigSha;
  private Path partsDir;
  /** Relative path (with '/') to SHA-256, for the 1,000 files of the multipart blob. */
  private final Map<String, String> partShas = new TreeMap<>();
  private LiteralMap inputs;
  private Literal offloaded;
  private String inputsRef;

  private FaultProxy proxy;
  @TempDir Path tmp;

  @BeforeAll
  void createData() throws Exception {
    data = Files.createTempDirectory("copilot-faults-");
    s3 = EmbeddedS3.start(Files.createDirectories(data.resolve("s3")));
    bucket = s3.newBucket();
    bigFile = data.resolve("big.bin");
    bigSha = writeRandom(bigFile, BIG_BYTES, 256);
    partsDir = Files.createDirectories(data.resolve("parts"));
    Random sizes = new Random(1000);
    for (int i = 0; i < SMALL_FILES; i++) {
      String rel = "d" + (i % 10) + "/f" + i + ".bin";
      Path f = partsDir.resolve(rel);
      Files.createDirectories(f.getParent());
      partShas.put(rel, writeRandom(f, 1024 + sizes.nextInt(7 * 1024 + 1), i));
    }

    String s3p = "s3://" + bucket + "/";
    s3.client().putObject(b -> b.bucket(bucket).key("data/big.bin"), RequestBody.fromFile(bigFile));
    parallel(partShas.keySet().stream().map(rel -> (Callable<Object>) () -> {
      s3.client().putObject(b -> b.bucket(bucket).key("data/parts/" + rel), RequestBody.fromFile(partsDir.resolve(rel)));
      return null;
    }).collect(Collectors.toList()));
    s3.client().putObject(b -> b.bucket(bucket).key("data/partsX/leak"), RequestBody.fromString("not a part"));
    offloaded = EveryLiteralKind.offloadedList();
    s3.client().putObject(b -> b.bucket(bucket).key("data/off.pb"), RequestBody.fromBytes(offloaded.toByteArray()));
    inputs = EveryLiteralKind.inputs(s3p + "data/");
    s3.client().putObject(b -> b.bucket(bucket).key("meta/inputs.pb"), RequestBody.fromBytes(inputs.toByteArray()));
    inputsRef = s3p + "meta/inputs.pb";
  }

  @AfterAll
  void deleteData() throws IOException {
    if (s3 != null) {
      s3.close();
    }
    if (data != null) {
      try (Stream<Path> walk = Files.walk(data)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.front(s3);
    storageFlags.clear();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  // ---- download ----

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void download_throughTenPercentFaults_isByteIdentical(long seed) throws Exception {
    proxy.randomFaults(FAULT_SHARE, seed, Fault.DATA_AND_ERRORS);
    Path in = tmp.resolve("in");
    Run run = download(in, "meta/n" + seed, "2m0s", Duration.ofMinutes(3));
    assertThat(run.exitCode()).as("download through faults %s; log:%n%s", proxy.injectedCounts(), run.log())
        .isZero();
    assertThat(proxy.injectedTotal()).as("faults were injected").isGreaterThan(0);
    assertDownloadedExactly(in);
    assertThat(errorDocument("meta/n" + seed)).isNull();
    report("download seed " + seed, run);
  }

  @Test
  void download_whenTheBigBodyStallsLongerThanTheReadTimeout_resumesAndIsByteIdentical() throws Exception {
    // the store sends part of the big blob, then nothing for longer than the read timeout (30 s by
    // default, 3 s here through the read_timeout key)
    storageFlags.addAll(List.of("--storage.stow.config", "read_timeout=3s"));
    proxy.stallFor(Duration.ofSeconds(90))
        .failNext(1, Fault.STALL_MID_BODY, FaultProxy.objectGets().and(FaultProxy.pathEndsWith("/data/big.bin")));
    Path in = tmp.resolve("in");
    Run run = download(in, "meta/stall", "2m0s", Duration.ofMinutes(3));
    assertThat(proxy.injected(Fault.STALL_MID_BODY)).isEqualTo(1);
    assertThat(run.exitCode()).as("download with one stalled body; log:%n%s", run.log()).isZero();
    assertDownloadedExactly(in);
    report("download with a stalled body", run);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DeadStore.class, names = {"REFUSE", "BLACKHOLE"})
  void download_deadStoreFromTheStart_endsWithinTheTimeout_withoutInputs(DeadStore mode) throws Exception {
    proxy.deadStore(mode);
    Path in = tmp.resolve("in");
    Run run = download(in, "meta/dead", "5s", DEAD_STORE_PATIENCE);
    assertNoWrongInputs(in);
    assertEndedInTime(run, Duration.ofSeconds(5), DOWNLOAD_GRACE);
    assertThat(run.exitCode()).as(run.log()).isNotZero();
    assertThat(run.log()).as("a clear line names the failure")
        .containsPattern("(?m)^copilot: (download failed: .*s3://|.*s3://" + bucket + "/.*" + proxy.endpoint().getPort() + ")");
    report("download, dead store " + mode, run);
  }

  @Test
  void download_storeDyingHalfwayThroughTheBigBlob_endsWithinTheTimeout_withoutAHalfWrittenInput() throws Exception {
    Path in = tmp.resolve("in");
    Process p = startDownload(in, "meta/dying", "15s");
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    while (proxy.responseBodyBytes() < BIG_BYTES / 4 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(proxy.responseBodyBytes()).as("the download got going before the store died").isGreaterThan(0);
    proxy.deadStore(DeadStore.BLACKHOLE);
    Run run = finish(p, t0, in.resolveSibling("download.log"), DEAD_STORE_PATIENCE);
    assertNoWrongInputs(in);
    assertEndedInTime(run, Duration.ofSeconds(15), DOWNLOAD_GRACE);
    assertThat(run.exitCode()).as(run.log()).isNotZero();
    assertThat(run.log()).as("a clear line names the failure").contains("download failed");
    report("download, store dies halfway", run);
  }

  // ---- sidecar ----

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void sidecar_throughTenPercentFaults_uploadsByteIdenticalOutputs(long seed) throws Exception {
    proxy.randomFaults(FAULT_SHARE, seed, Fault.DATA_AND_ERRORS);
    Path out = writeOutputs(tmp.resolve("out"));
    String prefix = "meta/side" + seed;
    String raw = "raw/side" + seed;
    Run run = sidecar(out, prefix, raw, "2m0s", Duration.ofMinutes(3));
    assertThat(run.exitCode()).as("sidecar through faults %s; log:%n%s", proxy.injectedCounts(), run.log()).isZero();
    assertThat(proxy.injectedTotal()).as("faults were injected").isGreaterThan(0);

    LiteralMap o = LiteralMap.parseFrom(objectBytes(prefix + "/outputs.pb"));
    String rawRef = "s3://" + bucket + "/" + raw;
    assertThat(o.getLiteralsMap().keySet()).containsExactlyInAnyOrder("count", "msg", "avg", "ok", "model", "parts", "xs");
    assertThat(o.getLiteralsOrThrow("count").getScalar().getPrimitive().getInteger()).isEqualTo(42);
    assertThat(o.getLiteralsOrThrow("msg").getScalar().getPrimitive().getStringValue()).isEqualTo("got hello");
    assertThat(o.getLiteralsOrThrow("avg").getScalar().getPrimitive().getFloatValue()).isEqualTo(2.5);
    assertThat(o.getLiteralsOrThrow("ok").getScalar().getPrimitive().getBoolean()).isTrue();
    assertThat(o.getLiteralsOrThrow("xs").getCollection().getLiteralsList())
        .extracting(l -> l.getScalar().getPrimitive().getInteger()).containsExactly(1L, 2L);
    Blob model = o.getLiteralsOrThrow("model").getScalar().getBlob();
    assertThat(model.getUri()).isEqualTo(rawRef + "/model");
    assertThat(model.getMetadata().getType().getFormat()).isEqualTo("bin");
    assertThat(objectSha(raw + "/model")).as("SHA-256 of the uploaded 256 MiB blob").isEqualTo(bigSha);
    Blob parts = o.getLiteralsOrThrow("parts").getScalar().getBlob();
    assertThat(parts.getUri()).isEqualTo(rawRef + "/parts");
    assertThat(parts.getMetadata().getType().getDimensionality()).isEqualTo(BlobDimensionality.MULTIPART);
    assertThat(uploadedShas(raw + "/parts/")).as("SHA-256 of every uploaded part").isEqualTo(partShas);
    assertThat(errorDocument(prefix)).isNull();
    report("sidecar seed " + seed, run);
  }

  @Test
  void sidecar_storeAwayFor15sWhenTheTaskEnds_isWaitedFor_andTheOutputsArrive() throws Exception {
    Path out = writeOutputs(tmp.resolve("out"));
    // the store goes away as the main container exits, and comes back 15 s later
    Thread outage = new Thread(() -> {
      try {
        while (!Files.exists(out.resolve("_SUCCESS"))) {
          Thread.sleep(2);
        }
        proxy.deadStore(DeadStore.REFUSE);
        Thread.sleep(15_000);
      } catch (InterruptedException e) {
        // the test is over
      } finally {
        proxy.heal();
      }
    });
    outage.setDaemon(true);
    outage.start();
    Run run = sidecar(out, "meta/sideback", "raw/sideback", "2m0s", Duration.ofMinutes(3));
    outage.interrupt();
    assertThat(run.exitCode()).as("sidecar with the store back after 15 s; log:%n%s", run.log()).isZero();
    assertThat(run.took()).as("it waited for the store").isGreaterThanOrEqualTo(Duration.ofSeconds(14));
    LiteralMap o = LiteralMap.parseFrom(objectBytes("meta/sideback/outputs.pb"));
    assertThat(o.getLiteralsOrThrow("count").getScalar().getPrimitive().getInteger()).isEqualTo(42);
    assertThat(objectSha("raw/sideback/model")).as("SHA-256 of the uploaded 256 MiB blob").isEqualTo(bigSha);
    assertThat(uploadedShas("raw/sideback/parts/")).as("SHA-256 of every uploaded part").isEqualTo(partShas);
    assertThat(errorDocument("meta/sideback")).isNull();
    report("sidecar, store back after 15 s", run);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = DeadStore.class, names = {"REFUSE", "BLACKHOLE"})
  void sidecar_deadStore_endsWithinTheTimeout_withoutOutputs(DeadStore mode) throws Exception {
    proxy.deadStore(mode);
    Path out = writeOutputs(tmp.resolve("out"));
    Run run = sidecar(out, "meta/sidedead", "raw/sidedead", "5s", DEAD_STORE_PATIENCE);
    assertThat(objectKeys("meta/sidedead/")).as("no outputs.pb").doesNotContain("meta/sidedead/outputs.pb");
    assertEndedInTime(run, Duration.ofSeconds(5), SIDECAR_GRACE);
    assertThat(run.exitCode()).as(run.log()).isNotZero();
    assertThat(run.log()).as("a clear line names the failure").containsPattern("(?i)(error|fail|timed? ?out|deadline)");
    report("sidecar, dead store " + mode, run);
  }

  @Test
  void sidecar_storeDyingDuringTheUpload_endsWithinTheTimeout_withoutOutputs() throws Exception {
    Path out = writeOutputs(tmp.resolve("out"));
    Thread killer = new Thread(() -> {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (proxy.requestBodyBytes() < BIG_BYTES / 4 && System.nanoTime() < end) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
      proxy.deadStore(DeadStore.BLACKHOLE);
    });
    killer.setDaemon(true);
    killer.start();
    Run run = sidecar(out, "meta/sidedying", "raw/sidedying", "15s", DEAD_STORE_PATIENCE);
    killer.interrupt();
    assertThat(proxy.requestBodyBytes()).as("the upload got going before the store died").isGreaterThan(0);
    assertThat(objectKeys("meta/sidedying/")).as("no outputs.pb").doesNotContain("meta/sidedying/outputs.pb");
    assertEndedInTime(run, Duration.ofSeconds(15), SIDECAR_GRACE);
    assertThat(run.exitCode()).as(run.log()).isNotZero();
    report("sidecar, store dies during the upload", run);
  }

  // ---- running copilot ----

  private record Run(int exitCode, Duration took, String log) {}

  /** Extra storage flags of the next runs (a test that needs a short read timeout sets them). */
  private final List<String> storageFlags = new ArrayList<>();

  private List<String> command(Path config) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--storage.limits.maxDownloadMBs=0", "--logger.level=4", "--storage.container=" + bucket,
        "--storage.type=stow", "--config", config.toString()));
    cmd.addAll(storageFlags);
    return cmd;
  }

  private Path proxyConfig() throws IOException {
    return Files.writeString(tmp.resolve("copilot-storage-config.yaml"), proxy.server().storageYaml(bucket));
  }

  private Process startDownload(Path in, String prefix, String timeout) throws IOException {
    List<String> cmd = command(proxyConfig());
    cmd.addAll(List.of("download", "--from-remote", inputsRef, "--to-output-prefix", "s3://" + bucket + "/" + prefix,
        "--to-local-dir", in.toString(), "--format", "JSON", "--timeout", timeout,
        "--input-interface", Base64.getEncoder().encodeToString(VariableMap.getDefaultInstance().toByteArray())));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(in.resolveSibling("download.log").toFile())
        .start();
  }

  private Run download(Path in, String prefix, String timeout, Duration limit) throws Exception {
    long t0 = System.nanoTime();
    return finish(startDownload(in, prefix, timeout), t0, in.resolveSibling("download.log"), limit);
  }

  /**
   * Runs the sidecar and gives it the exit signal ({@code _SUCCESS}, file watcher) once it says it is
   * waiting for it, or after 15 s if it never does; {@link Run#took} counts from the signal, as its
   * {@code --timeout} does.
   */
  private Run sidecar(Path out, String prefix, String raw, String timeout, Duration limit) throws Exception {
    List<String> cmd = command(proxyConfig());
    cmd.addAll(List.of("sidecar", "--timeout", timeout, "--to-raw-output", "s3://" + bucket + "/" + raw,
        "--to-output-prefix", "s3://" + bucket + "/" + prefix, "--from-local-dir", out.toString(),
        "--interface", outputInterface(), "--start-watcher-type", "file"));
    Path log = out.resolveSibling("sidecar.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long waitEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    boolean waiting = false;
    while (!waiting && p.isAlive() && System.nanoTime() < waitEnd) {
      Thread.sleep(50);
      waiting = Files.readString(log).contains("waiting for the main container to exit");
    }
    Files.writeString(out.resolve("_SUCCESS"), "");
    long t0 = System.nanoTime();
    Run run = finish(p, t0, log, limit);
    return waiting ? run : new Run(run.exitCode(), run.took(),
        run.log() + "\n[test] the sidecar was not waiting for the exit signal 15 s after its start");
  }

  /** Waits for {@code p} at most {@code limit}, then kills it (exit code -1). */
  private static Run finish(Process p, long startNanos, Path log, Duration limit) throws Exception {
    boolean ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    if (!ended) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String text = Files.exists(log) ? Files.readString(log) : "";
    if (!ended) {
      text += "\n[test] killed after " + limit.toSeconds() + " s";
    }
    return new Run(ended ? p.exitValue() : -1, took, text);
  }

  private void assertEndedInTime(Run run, Duration timeout, Duration grace) {
    assertThat(run.exitCode()).as("the process ended by itself; log:%n%s", run.log()).isNotEqualTo(-1);
    assertThat(run.took()).as("ended within --timeout %s (+%s s); log:%n%s", timeout,
        grace.toSeconds(), run.log()).isLessThanOrEqualTo(timeout.plus(grace));
  }

  private void report(String what, Run run) {
    System.out.printf("%s: %.1f s, %d requests, faults %s%n", what, run.took().toMillis() / 1000.0,
        proxy.requests(), proxy.injectedCounts());
  }

  // ---- inputs and outputs ----

  /** inputs.pb as copilot must write it: blobs point at their local copies, offloaded literals are resolved. */
  private LiteralMap expectedInputsPb(Path in) {
    return inputs.toBuilder()
        .putLiterals("big", EveryLiteralKind.blob(in.resolve("big").toString(), BlobDimensionality.SINGLE))
        .putLiterals("parts", EveryLiteralKind.blob(in.resolve("parts").toString(), BlobDimensionality.MULTIPART))
        .putLiterals("off", offloaded)
        .build();
  }

  private void assertDownloadedExactly(Path in) throws Exception {
    try (Stream<Path> walk = Files.walk(in)) {
      assertThat(walk.filter(p -> p.getFileName().toString().startsWith("."))).as("no temporary files left").isEmpty();
    }
    assertThat(sha(in.resolve("big"))).as("SHA-256 of the 256 MiB blob").isEqualTo(bigSha);
    assertThat(localShas(in.resolve("parts"))).as("SHA-256 of every part").isEqualTo(partShas);
    EveryKindDownloaded.assertValues(in);
    assertThat(LiteralMap.parseFrom(Files.readAllBytes(in.resolve("inputs.pb")))).isEqualTo(expectedInputsPb(in));
    assertThat(in.resolve("inputs.json")).content().startsWith("{\"b\":true,\"big\":\"" + in + "/big\",\"bin\":\"aGk=\"")
        .contains("\"parts\":\"" + in + "/parts\"");
  }

  /**
   * After a failed download: no inputs.pb, and every input file under its final name has exactly the
   * right bytes (a temporary file has a hidden name and does not count).
   */
  private void assertNoWrongInputs(Path in) throws Exception {
    assertThat(in.resolve("inputs.pb")).as("no inputs.pb after a failed download").doesNotExist();
    assertThat(in.resolve("inputs.json")).doesNotExist();
    Path big = in.resolve("big");
    if (Files.exists(big)) {
      assertThat(sha(big)).as("a big blob under its final name is whole").isEqualTo(bigSha);
    }
    Path parts = in.resolve("parts");
    if (Files.isDirectory(parts)) {
      Map<String, String> present = localShas(parts);
      for (Map.Entry<String, String> e : present.entrySet()) {
        assertThat(partShas).as("part %s", e.getKey()).containsEntry(e.getKey(), e.getValue());
      }
    }
  }

  /** Output interface of the "task" whose outputs {@link #writeOutputs} writes. */
  private static String outputInterface() {
    LiteralType integer = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();
    VariableMap.Builder o = VariableMap.newBuilder()
        .putVariables("count", Variable.newBuilder().setType(integer).build())
        .putVariables("msg", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.STRING)).build())
        .putVariables("avg", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.FLOAT)).build())
        .putVariables("ok", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.BOOLEAN)).build())
        .putVariables("model", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
            BlobType.newBuilder().setFormat("bin"))).build())
        .putVariables("parts", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
            BlobType.newBuilder().setDimensionality(BlobDimensionality.MULTIPART))).build())
        .putVariables("xs", Variable.newBuilder().setType(LiteralType.newBuilder().setCollectionType(integer)).build());
    return Base64.getEncoder().encodeToString(TypedInterface.newBuilder().setOutputs(o).build().toByteArray());
  }

  /** What a main container leaves behind; the big files are hard links of the generated ones. */
  private Path writeOutputs(Path out) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("count"), "42\n");
    Files.writeString(out.resolve("msg"), "got hello");
    Files.writeString(out.resolve("avg"), "2.5\r\n");
    Files.writeString(out.resolve("ok"), "Yes\n");
    Files.createDirectories(out.resolve("xs"));
    Files.writeString(out.resolve("xs/0"), "1");
    Files.writeString(out.resolve("xs/1"), "2");
    Files.createLink(out.resolve("model"), bigFile);
    for (String rel : partShas.keySet()) {
      Path target = out.resolve("parts").resolve(rel);
      Files.createDirectories(target.getParent());
      Files.createLink(target, partsDir.resolve(rel));
    }
    return out;
  }

  // ---- reading the store directly (not through the proxy) ----

  private byte[] objectBytes(String key) {
    return s3.client().getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
  }

  private ErrorDocument errorDocument(String prefix) throws IOException {
    try {
      return ErrorDocument.parseFrom(objectBytes(prefix + "/error.pb"));
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  private List<String> objectKeys(String prefix) {
    return s3.client().listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key).collect(Collectors.toList());
  }

  private String objectSha(String key) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(s3.client().getObject(g -> g.bucket(bucket).key(key)), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private Map<String, String> uploadedShas(String prefix) throws Exception {
    List<String> keys = objectKeys(prefix);
    List<String> shas = parallel(keys.stream().map(k -> (Callable<String>) () -> objectSha(k)).collect(Collectors.toList()));
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      m.put(keys.get(i).substring(prefix.length()), shas.get(i));
    }
    return m;
  }

  // ---- files ----

  /** Writes {@code size} seeded random bytes to {@code file}; returns their SHA-256. */
  private static String writeRandom(Path file, int size, long seed) throws IOException {
    MessageDigest md = sha256();
    Random r = new Random(seed);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
      for (int left = size; left > 0; left -= buf.length) {
        r.nextBytes(buf);
        out.write(buf, 0, Math.min(left, buf.length));
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String sha(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static Map<String, String> localShas(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .collect(Collectors.toMap(p -> dir.relativize(p).toString().replace('\\', '/'), p -> {
            try {
              return sha(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, (a, b) -> a, TreeMap::new));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> List<T> parallel(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<T> out = new ArrayList<>(tasks.size());
      for (Future<T> f : pool.invokeAll(tasks)) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
