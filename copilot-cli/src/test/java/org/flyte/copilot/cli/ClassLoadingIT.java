package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the packaged copilot loads (-Xlog:class+load): nothing of a storage SDK before it is needed. */
class ClassLoadingIT {
  private static final String AZURE = "com.azure.|com.microsoft.aad.|com.microsoft.azure.|reactor.|io.netty.";
  private static final String SDK = "software.amazon.|com.google.cloud.|com.google.auth.|org.apache.hc.|" + AZURE;
  /** gRPC is opt-in (--grpc-port): without the flag none of it may be loaded. */
  private static final String GRPC = "io.grpc.|org.flyte.copilot.grpc.";
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.start();
  @TempDir Path tmp;

  private ProcessBuilder copilot(Path classLog, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("copilot.launcher")));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile());
    pb.environment().put("COPILOT_JAR", System.getProperty("copilot.jar"));
    pb.environment().put("COPILOT_JAVA_OPTS", "-Xlog:class+load:file=" + classLog);
    return pb;
  }

  private static String oneIntOutput() {
    return Base64.getEncoder().encodeToString(TypedInterface.newBuilder().setOutputs(VariableMap.newBuilder()
        .putVariables("n", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.INTEGER)).build()))
        .build().toByteArray());
  }

  private static List<String> sdkClasses(Path classLog) throws Exception {
    return classes(classLog, SDK);
  }

  static List<String> classes(Path classLog, String prefixes) throws Exception {
    return Files.readAllLines(classLog).stream()
        .filter(l -> l.matches(".*\\] (" + prefixes.replace(".", "\\.") + ").*")).toList();
  }

  @Test
  void helpVersionAndFlagErrors_loadNoStorageSdk() throws Exception {
    for (List<String> args : List.of(List.of("--help"), List.of("version"), List.of("download", "--no-such-flag"),
        List.of("sidecar", "--help"), List.of("status", "--help"), List.of("check", "--help"))) {
      Path log = tmp.resolve("classes-" + args.get(0) + ".log");
      Process p = copilot(log, args).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).contains("picocli.CommandLine ");
      assertThat(sdkClasses(log)).as("copilot %s", args).isEmpty();
      assertThat(classes(log, GRPC)).as("copilot %s", args).isEmpty();
    }
  }

  @Test
  void idleSidecar_holdsNoStoreClient_andOpensItAfterSigterm() throws Exception {
    String bucket = s3.newBucket();
    Path cfg = Files.writeString(tmp.resolve("storage.yaml"), s3.storageYaml(bucket));
    Path out = Files.createDirectories(tmp.resolve("outputs"));
    Files.writeString(out.resolve("n"), "7\n");
    String iface = oneIntOutput();
    Path log = tmp.resolve("classes-sidecar.log");
    Process p = copilot(log, List.of("--config", cfg.toString(), "--logger.level=4", "sidecar", "--to-output-prefix",
        "s3://" + bucket + "/meta", "--from-local-dir", out.toString(), "--interface", iface)).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(tmp.resolve("out.log"), StandardCharsets.UTF_8).contains("waiting for the main container")) {
      assertThat(p.isAlive()).as(Files.readString(tmp.resolve("out.log"))).isTrue();
      assertThat(System.nanoTime()).isLessThan(end);
      Thread.sleep(50);
    }
    Thread.sleep(500);
    assertThat(sdkClasses(log)).as("classes of a storage SDK loaded while waiting").isEmpty();
    assertThat(classes(log, GRPC)).as("gRPC classes loaded without --grpc-port").isEmpty();
    assertThat(p.toHandle().destroy()).isTrue(); // SIGTERM
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out.log"))).isZero();
    assertThat(sdkClasses(log)).isNotEmpty();
    assertThat(classes(log, AZURE)).as("Azure SDK, Reactor or Netty classes in a task without Azure").isEmpty();
    LiteralMap outputs = LiteralMap.parseFrom(s3.store().readAllBytes(DataReference.parse("s3://" + bucket + "/meta/outputs.pb")));
    assertThat(outputs.getLiteralsOrThrow("n").getScalar().getPrimitive().getInteger()).isEqualTo(7);
  }

  @Test
  void idleSidecar_withAnAzurePrimary_checksItsSettings_butLoadsNoAzureClassWhileWaiting() throws Exception {
    Path cfg = Files.writeString(tmp.resolve("azure.yaml"), "storage:\n  type: stow\n  container: c1\n  stow:\n"
        + "    kind: azure\n    config:\n      account: devstoreaccount1\n      key: a2V5\n"
        + "      endpoint: http://127.0.0.1:9/devstoreaccount1\n");
    Path out = Files.createDirectories(tmp.resolve("outputs"));
    Path log = tmp.resolve("classes-azure.log");
    Process p = copilot(log, List.of("--config", cfg.toString(), "--logger.level=4", "sidecar", "--to-output-prefix",
        "abfs://c1@devstoreaccount1.dfs.core.windows.net/meta", "--from-local-dir", out.toString(),
        "--interface", oneIntOutput())).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(tmp.resolve("out.log")).contains("waiting for the main container")) {
      assertThat(p.isAlive()).as(Files.readString(tmp.resolve("out.log"))).isTrue();
      assertThat(System.nanoTime()).isLessThan(end);
      Thread.sleep(50);
    }
    Thread.sleep(500);
    p.destroyForcibly();
    assertThat(Files.readString(log)).contains("org.flyte.copilot.core.storage.azure.AzureConfig ");
    assertThat(sdkClasses(log)).isEmpty();
  }

  @Test
  void badStorageSettings_areReportedAtStart_withoutOpeningAClient() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("outputs"));
    Path log = tmp.resolve("classes-bad.log");
    Process p = copilot(log, List.of("--storage.type=stow", "--storage.stow.kind=s3", "--storage.container=b",
        "--storage.stow.config", "auth_type=accesskey", "--logger.level=4", "sidecar", "--to-output-prefix",
        "s3://b/meta", "--from-local-dir", out.toString(), "--interface", oneIntOutput())).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(tmp.resolve("out.log")).contains("access_key_id")) {
      assertThat(p.isAlive()).as(Files.readString(tmp.resolve("out.log"))).isTrue();
      assertThat(System.nanoTime()).as(Files.readString(tmp.resolve("out.log"))).isLessThan(end);
      Thread.sleep(50);
    }
    p.destroyForcibly();
    assertThat(sdkClasses(log)).isEmpty();
  }
}
