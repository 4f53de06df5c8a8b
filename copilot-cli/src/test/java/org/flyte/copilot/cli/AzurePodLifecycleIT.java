package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.azure.Azurite;
import org.flyte.copilot.core.testing.Closeables;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.flyte.copilot.core.testing.SharedServer;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A task pod with {@code abfs://} references, run through the packaged executable: Azure as the
 * primary store, and a mixed task whose metadata is on S3 and whose blobs are on Azure; Azurite
 * stands in for the storage account (skipped when it is not installed).
 */
@ExtendWith(Azurite.Required.class)
class AzurePodLifecycleIT {
  @RegisterExtension
  static final SharedServer<Azurite> AZURITE = new SharedServer<>(Azurite::startIfInstalled);
  private static EmbeddedS3 s3;
  private static byte[] big;

  @BeforeAll
  static void start() throws Exception {
    if (!AZURITE.started()) {
      return;
    }
    s3 = EmbeddedS3.start();
    big = new byte[40 << 20]; // above the engine's 32 MiB: read as parallel ranges
    new Random(11).nextBytes(big);
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(s3);
  }

  private static String abfs(String container, String key) {
    return "abfs://" + container + "@" + Azurite.ACCOUNT + ".dfs.core.windows.net/" + key;
  }

  private static Literal blob(String uri, BlobDimensionality d) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(BlobMetadata.newBuilder().setType(BlobType.newBuilder().setDimensionality(d))))).build();
  }

  /** The input blobs in Azure: one large file and a directory of 30. */
  private static LiteralMap putAzureInputs(String container) {
    BlobContainerClient c = AZURITE.get().client().getBlobContainerClient(container);
    c.getBlobClient("data/big.bin").upload(BinaryData.fromBytes(big));
    for (int i = 0; i < 30; i++) {
      c.getBlobClient("data/parts/" + (i % 4) + "/p" + i).upload(BinaryData.fromString("part " + i));
    }
    c.getBlobClient("data/partsX/leak").upload(BinaryData.fromString("no"));
    return LiteralMap.newBuilder()
        .putLiterals("n", Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(
            Primitive.newBuilder().setInteger(41))).build())
        .putLiterals("big", blob(abfs(container, "data/big.bin"), BlobDimensionality.SINGLE))
        .putLiterals("parts", blob(abfs(container, "data/parts"), BlobDimensionality.MULTIPART))
        .build();
  }

  private static String outputInterface() {
    VariableMap.Builder o = VariableMap.newBuilder();
    o.putVariables("count", Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.INTEGER)).build());
    o.putVariables("model", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(BlobType.newBuilder())).build());
    o.putVariables("parts", Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(
        BlobType.newBuilder().setDimensionality(BlobDimensionality.MULTIPART))).build());
    return Base64.getEncoder().encodeToString(TypedInterface.newBuilder().setOutputs(o).build().toByteArray());
  }

  private static Process copilot(List<String> args, Path log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", System.getProperty("copilot.launcher")));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("COPILOT_JAR", System.getProperty("copilot.jar"));
    return pb.start();
  }

  /** Sidecar first, then the downloader, the "main container" and SIGTERM; returns the output directory. */
  private static void runPod(Path tmp, Path cfgDir, String container, String inputsRef, String prefix, String raw)
      throws Exception {
    List<String> storage = List.of("--storage.limits.maxDownloadMBs=0", "--logger.level=4",
        "--storage.container=" + container, "--storage.type=stow", "--config", cfgDir + "/*.yaml");
    Path in = tmp.resolve("inputs");
    Path out = Files.createDirectories(tmp.resolve("outputs"));
    List<String> sidecarArgs = new ArrayList<>(storage);
    sidecarArgs.addAll(List.of("sidecar", "--timeout", "1h0m0s", "--to-raw-output", raw, "--to-output-prefix", prefix,
        "--from-local-dir", out.toString(), "--interface", outputInterface()));
    Path sidecarLog = tmp.resolve("sidecar.log");
    Process sidecar = copilot(sidecarArgs, sidecarLog);

    List<String> downloadArgs = new ArrayList<>(storage);
    downloadArgs.addAll(List.of("download", "--from-remote", inputsRef, "--to-output-prefix", prefix,
        "--to-local-dir", in.toString(), "--format", "JSON"));
    Path downloadLog = tmp.resolve("download.log");
    Process download = copilot(downloadArgs, downloadLog);
    assertThat(download.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(download.exitValue()).as(Files.readString(downloadLog)).isZero();
    assertThat(Files.readAllBytes(in.resolve("big"))).isEqualTo(big);
    try (var files = Files.walk(in.resolve("parts"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(30);
    }
    assertThat(in.resolve("parts/3/p7")).hasContent("part 7");
    assertThat(in.resolve("partsX")).doesNotExist();

    // the "main container"
    Files.writeString(out.resolve("count"), (Integer.parseInt(Files.readString(in.resolve("n")).trim()) + 1) + "\n");
    Files.copy(in.resolve("big"), out.resolve("model"));
    Files.createDirectories(out.resolve("parts"));
    Files.writeString(out.resolve("parts/a.txt"), "A");
    Files.writeString(Files.createDirectories(out.resolve("parts/sub")).resolve("b.txt"), "B");

    assertThat(sidecar.isAlive()).as(Files.readString(sidecarLog)).isTrue();
    assertThat(sidecar.toHandle().destroy()).isTrue(); // SIGTERM
    assertThat(sidecar.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(sidecar.exitValue()).as(Files.readString(sidecarLog)).isZero();
    assertThat(Files.readString(sidecarLog) + Files.readString(downloadLog)).doesNotContain(Azurite.KEY);
  }

  private static void assertOutputs(LiteralMap outputs, String raw) {
    assertThat(outputs.getLiteralsOrThrow("count").getScalar().getPrimitive().getInteger()).isEqualTo(42);
    assertThat(outputs.getLiteralsOrThrow("model").getScalar().getBlob().getUri()).isEqualTo(raw + "/model");
    assertThat(outputs.getLiteralsOrThrow("parts").getScalar().getBlob().getUri()).isEqualTo(raw + "/parts");
  }

  @Test
  void azurePrimary_downloadAndSidecar_withAbfsReferences(@TempDir Path tmp) throws Exception {
    String container = AZURITE.get().newContainer();
    LiteralMap inputs = putAzureInputs(container);
    BlobContainerClient c = AZURITE.get().client().getBlobContainerClient(container);
    c.getBlobClient("meta/inputs.pb").upload(BinaryData.fromBytes(inputs.toByteArray()));
    Path cfgDir = Files.createDirectories(tmp.resolve("etc"));
    // 8 MiB blocks from 8 MiB on: the 40 MiB output goes up as 5 staged blocks
    Files.writeString(cfgDir.resolve("storage.yaml"), AZURITE.get().storageYaml(container)
        + "      block_threshold: 8MiB\n      block_size: 8MiB\n");
    String prefix = abfs(container, "meta/n0");
    String raw = abfs(container, "raw/abc");

    runPod(tmp, cfgDir, container, abfs(container, "meta/inputs.pb"), prefix, raw);

    assertOutputs(LiteralMap.parseFrom(c.getBlobClient("meta/n0/outputs.pb").downloadContent().toBytes()), raw);
    assertThat(c.getBlobClient("raw/abc/model").downloadContent().toBytes()).isEqualTo(big);
    assertThat(c.getBlobClient("raw/abc/model").getBlockBlobClient()
        .listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED).getCommittedBlocks()).hasSize(5);
    assertThat(c.getBlobClient("raw/abc/parts/sub/b.txt").downloadContent().toString()).isEqualTo("B");
    assertThat(c.getBlobClient("meta/n0/error.pb").exists()).isFalse();
  }

  @Test
  void mixedTask_metadataOnS3_blobsOnAzure(@TempDir Path tmp) throws Exception {
    String bucket = s3.newBucket();
    String container = AZURITE.get().newContainer();
    LiteralMap inputs = putAzureInputs(container);
    s3.client().putObject(b -> b.bucket(bucket).key("meta/inputs.pb"), RequestBody.fromBytes(inputs.toByteArray()));
    Path cfgDir = Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(cfgDir.resolve("storage.yaml"), s3.storageYaml(bucket) + AZURITE.get().schemeYaml());
    String prefix = "s3://" + bucket + "/meta/n0";
    String raw = abfs(container, "raw/abc");

    runPod(tmp, cfgDir, bucket, "s3://" + bucket + "/meta/inputs.pb", prefix, raw);

    assertOutputs(LiteralMap.parseFrom(s3.store().readAllBytes(DataReference.parse(prefix + "/outputs.pb"))), raw);
    BlobContainerClient c = AZURITE.get().client().getBlobContainerClient(container);
    assertThat(Arrays.equals(c.getBlobClient("raw/abc/model").downloadContent().toBytes(), big)).isTrue();
    assertThat(c.getBlobClient("raw/abc/parts/a.txt").downloadContent().toString()).isEqualTo("A");
    assertThat(new String(s3.store().readAllBytes(DataReference.parse(prefix + "/outputs.pb")), StandardCharsets.ISO_8859_1))
        .contains(raw + "/model");
  }
}
