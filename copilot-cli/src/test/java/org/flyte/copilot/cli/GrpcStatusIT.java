package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged sidecar with {@code --grpc-port}: Kubernetes-style health checks and {@code copilot
 * status} (a real gRPC client on 127.0.0.1) while it waits, and the live view's last report after SIGTERM.
 */
class GrpcStatusIT {
  private static final Pattern LISTENING = Pattern.compile("gRPC health and status on 127\\.0\\.0\\.1:(\\d+)");
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.start();
  @TempDir Path tmp;

  private static String outputs() {
    VariableMap.Builder o = VariableMap.newBuilder()
        .putVariables("n", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.INTEGER)).build())
        .putVariables("model", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
            BlobType.newBuilder().setDimensionality(BlobType.BlobDimensionality.SINGLE))).build());
    return Base64.getEncoder().encodeToString(TypedInterface.newBuilder().setOutputs(o).build().toByteArray());
  }

  private int awaitPort(Process p, Path log) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      String text = Files.readString(log);
      Matcher m = LISTENING.matcher(text);
      if (m.find() && text.contains("waiting for the main container")) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(p.isAlive()).as(text).isTrue();
      assertThat(System.nanoTime()).as(text).isLessThan(end);
      Thread.sleep(50);
    }
  }

  @Test
  void sidecar_servesHealthAndStatus_untilItHasUploaded() throws Exception {
    String bucket = s3.newBucket();
    Path cfg = Files.writeString(tmp.resolve("storage.yaml"), s3.storageYaml(bucket));
    Path out = Files.createDirectories(tmp.resolve("outputs"));
    Files.writeString(out.resolve("n"), "42");
    Files.write(out.resolve("model"), new byte[3 << 20]);
    Path log = tmp.resolve("sidecar.log");
    Path classLog = tmp.resolve("classes.log");
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("copilot.launcher"), "--config", cfg.toString(),
        "--logger.level=4", "sidecar", "--grpc-port", "0", "--grpc-address", "127.0.0.1", "--to-output-prefix", "s3://" + bucket + "/meta",
        "--to-raw-output", "s3://" + bucket + "/raw", "--from-local-dir", out.toString(), "--interface", outputs()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("COPILOT_JAR", System.getProperty("copilot.jar"));
    pb.environment().put("COPILOT_JAVA_OPTS", "-Xlog:class+load:file=" + classLog);
    Process p = pb.start();
    try {
      int port = awaitPort(p, log);
      String address = "127.0.0.1:" + port;
      ManagedChannel channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
      try {
        assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(ServingStatus.SERVING);
      } finally {
        channel.shutdownNow();
      }
      CliRunner.Result once = CliRunner.run("status", "--address", address, "--once");
      assertThat(once.exitCode()).as(once.err()).isZero();
      assertThat(once.out()).startsWith("copilot sidecar ").contains("phase WAITING", "transfers: 0 B, 0 files done");

      StringWriter liveOut = new StringWriter();
      CompletableFuture<CliRunner.Result> live = CompletableFuture.supplyAsync(
          () -> CliRunner.run(liveOut, "status", "--address", address, "--interval", "100ms"));
      // SIGTERM only once the live view has shown the wait (a loaded machine can take seconds to connect)
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!liveOut.toString().contains("phase WAITING")) {
        assertThat(live).as("the live view ended early").isNotDone();
        assertThat(System.nanoTime()).as("the live view showed no report in 30 s").isLessThan(end);
        Thread.sleep(20);
      }
      assertThat(p.toHandle().destroy()).isTrue(); // SIGTERM: the main container has exited
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(log)).isZero();

      CliRunner.Result watched = live.get(30, TimeUnit.SECONDS);
      assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
      String last = watched.out().substring(watched.out().lastIndexOf("copilot sidecar "));
      assertThat(last).contains("phase SUCCEEDED", "transfers: 3.0 MiB of 3.0 MiB (100%), 1 files done")
          .containsPattern("model +DONE +1/1 +3\\.0 MiB of 3\\.0 MiB");
      assertThat(watched.out()).contains("phase WAITING");
    } finally {
      p.destroyForcibly();
    }
    LiteralMap written = LiteralMap.parseFrom(s3.store().readAllBytes(DataReference.parse("s3://" + bucket + "/meta/outputs.pb")));
    assertThat(written.getLiteralsOrThrow("n").getScalar().getPrimitive().getInteger()).isEqualTo(42);
    assertThat(ClassLoadingIT.classes(classLog, "io.grpc.")).isNotEmpty();
  }
}
