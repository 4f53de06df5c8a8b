package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged copilot inside the budget Flyte gives its containers (128 MiB, 500m CPU; a cgroup v1
 * made by the test): wide inputs and many-file outputs complete, without an OOM kill. Skips where
 * the cgroup v1 memory and cpu controllers cannot be written (not root, cgroup v2 only).
 */
class PodBudgetIT {
  private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
  private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
  private static final long LIMIT = 128L << 20;

  @TempDir Path tmp;
  Path store;
  Path config;

  /** What a run inside the budget did. */
  record Run(int exitCode, String log, long peakBytes, long oomKills) {}

  @BeforeEach
  void setUp() throws Exception {
    Assumptions.assumeTrue(Files.isWritable(MEMORY) && Files.isWritable(CPU),
        "no writable cgroup v1 memory and cpu controllers here: the pod-budget tests are skipped");
    store = Files.createDirectories(tmp.resolve("store/b"));
    config = tmp.resolve("storage.yaml");
    Files.writeString(config, "storage:\n  type: local\n  container: b\n  stow:\n    kind: local\n    config:\n"
        + "      path: " + tmp.resolve("store") + "\n");
  }

  private Run inBudget(List<String> args) throws Exception {
    String name = "copilot-it-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    Path mem = Files.createDirectory(MEMORY.resolve(name));
    Path cpu = Files.createDirectory(CPU.resolve(name));
    try {
      Files.writeString(mem.resolve("memory.limit_in_bytes"), Long.toString(LIMIT));
      Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000");
      Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "50000");
      List<String> cmd = new ArrayList<>(List.of("bash", "-c",
          "echo $$ >\"$1/cgroup.procs\" && echo $$ >\"$2/cgroup.procs\" && shift 2 && exec \"$@\"", "_",
          mem.toString(), cpu.toString(), System.getProperty("copilot.launcher"), "--config", config.toString()));
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("COPILOT_JAR", System.getProperty("copilot.jar"));
      Process p = pb.start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
      long peak = Long.parseLong(Files.readString(mem.resolve("memory.max_usage_in_bytes")).trim());
      long ooms = 0;
      for (String line : Files.readAllLines(mem.resolve("memory.oom_control"))) {
        if (line.startsWith("oom_kill ")) {
          ooms = Long.parseLong(line.substring(9).trim());
        }
      }
      return new Run(p.exitValue(), log, peak, ooms);
    } finally {
      Files.deleteIfExists(mem);
      Files.deleteIfExists(cpu);
    }
  }

  private static Literal string(String s) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue(s)))
        .build();
  }

  @Test
  void download_ofAListOf100000Entries_fitsIn128MiB() throws Exception {
    LiteralCollection.Builder list = LiteralCollection.newBuilder();
    for (int i = 0; i < 100_000; i++) {
      list.addLiterals(string("id-" + i));
    }
    Path local = download(LiteralMap.newBuilder().putLiterals("ids", Literal.newBuilder().setCollection(list).build())
        .build());
    try (Stream<Path> s = Files.list(local.resolve("ids"))) {
      assertThat(s.count()).isEqualTo(100_000);
    }
    assertThat(local.resolve("ids/99999")).hasContent("id-99999");
    assertThat(new ObjectMapper().readTree(local.resolve("inputs.json").toFile()).get("ids").size()).isEqualTo(100_000);
  }

  @Test
  void download_ofADictOf100000Entries_fitsIn128MiB() throws Exception {
    LiteralMap.Builder dict = LiteralMap.newBuilder();
    for (int i = 0; i < 100_000; i++) {
      dict.putLiterals("k" + i, string("v-" + i));
    }
    Path local = download(LiteralMap.newBuilder().putLiterals("d", Literal.newBuilder().setMap(dict).build()).build());
    assertThat(local.resolve("d/k77777")).hasContent("v-77777");
    JsonNode json = new ObjectMapper().readTree(local.resolve("inputs.json").toFile());
    assertThat(json.get("d").size()).isEqualTo(100_000);
    assertThat(json.get("d").get("k99999").asText()).isEqualTo("v-99999");
  }

  /** Downloads {@code inputs} inside the budget; checks the exit, the OOM count and inputs.pb. */
  private Path download(LiteralMap inputs) throws Exception {
    Files.createDirectories(store.resolve("in"));
    Files.write(store.resolve("in/inputs.pb"), inputs.toByteArray());
    Path local = tmp.resolve("inputs");
    Run r = inBudget(List.of("download", "--from-remote", "file://b/in/inputs.pb", "--to-output-prefix",
        "file://b/out", "--to-local-dir", local.toString(), "--format", "JSON"));
    assertThat(r.exitCode()).as(r.log()).isZero();
    assertThat(r.oomKills()).isZero();
    assertThat(LiteralMap.parseFrom(Files.readAllBytes(local.resolve("inputs.pb")))).isEqualTo(inputs);
    return local;
  }

  @Test
  void sidecar_ofADirectoryOf20000Files_fitsIn128MiB() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("outputs/parts"));
    for (int i = 0; i < 20_000; i++) {
      Path dir = Files.createDirectories(out.resolve("d" + (i % 50)));
      Files.writeString(dir.resolve("f" + i), "part " + i);
    }
    TypedInterface iface = TypedInterface.newBuilder().setOutputs(VariableMap.newBuilder().putVariables("parts",
        Variable.newBuilder().setType(LiteralType.newBuilder().setBlob(BlobType.newBuilder()
            .setDimensionality(BlobDimensionality.MULTIPART))).build())).build();

    Run r = inBudget(List.of("sidecar", "--exit-watcher-type", "noop", "--to-raw-output", "file://b/raw",
        "--to-output-prefix", "file://b/meta", "--from-local-dir", tmp.resolve("outputs").toString(),
        "--interface", Base64.getEncoder().encodeToString(iface.toByteArray())));

    assertThat(r.exitCode()).as(r.log()).isZero();
    assertThat(r.oomKills()).isZero();
    LiteralMap outputs = LiteralMap.parseFrom(Files.readAllBytes(store.resolve("meta/outputs.pb")));
    assertThat(outputs.getLiteralsOrThrow("parts").getScalar().getBlob().getUri()).isEqualTo("file://b/raw/parts");
    try (Stream<Path> s = Files.walk(store.resolve("raw/parts"))) {
      assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(20_000);
    }
    assertThat(store.resolve("raw/parts/d7/f12357")).hasContent("part 12357");
  }
}
