package org.flyte.copilot.cli.aot;

import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.cli.CopilotCommand;
import org.flyte.copilot.cli.Main;
import org.flyte.copilot.core.config.ConfigLoader;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.RoutingStore;
import org.flyte.copilot.core.storage.Stores;
import org.flyte.copilot.upload.watch.SignalWatcher;
import sun.misc.Signal;

/**
 * The AOT training run the build makes (bin/copilot with COPILOT_AOT_TRAINING set, on a Java 25+
 * runtime): runs in one JVM what pods run, so that the AOT cache holds the classes, linkage and
 * profiles of those paths: {@code --help}, {@code version}, a flag error, {@code download} and
 * {@code sidecar} (SIGTERM included) with inputs and outputs of every literal kind, against an S3
 * server and the local file store. Not part of the copilot command line.
 *
 * <p>Arguments: {@code <s3 endpoint> <access key> <secret key> <bucket> <work dir>}. Exits 1 when
 * a scenario does not end as a pod's would, so that a broken path is not baked into the cache.
 */
public final class AotTraining {
  private final Path work;
  private final List<String> failures = new ArrayList<>();

  private AotTraining(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: AotTraining <s3 endpoint> <access key> <secret key> <bucket> <work dir>");
      System.exit(2);
    }
    // what Main does first in a sidecar, so that those classes are in the cache too
    if (Main.isSidecar(new String[] {"--logger.level=4", "sidecar"})) {
      SignalWatcher.install();
    }
    AotTraining t = new AotTraining(Files.createDirectories(Path.of(args[4])));
    long start = System.nanoTime();
    t.run(args[0], args[1], args[2], args[3]);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (!t.failures.isEmpty()) {
      System.err.println("AOT training failed: " + String.join("; ", t.failures));
      System.exit(1);
    }
    System.err.println("AOT training: all scenarios passed in " + ms + " ms");
    System.exit(0);
  }

  private void run(String endpoint, String accessKey, String secretKey, String bucket) throws Exception {
    expect(0, "--help");
    expect(0, "version");
    expect(0, "download", "--help");
    expect(0, "sidecar", "--help");
    expect(1, "download", "--no-such-flag");

    Path cfg = work.resolve("s3.yaml");
    Files.writeString(cfg, "storage:\n  type: stow\n  container: " + bucket + "\n  stow:\n    kind: s3\n    config:\n"
        + "      auth_type: accesskey\n      access_key_id: " + accessKey + "\n      secret_key: " + secretKey + "\n"
        + "      region: us-east-1\n      endpoint: " + endpoint + "\n      disable_ssl: true\n"
        + "      multipart_threshold: 5MiB\n      multipart_part_size: 5MiB\n  limits:\n    maxDownloadMBs: 0\n");
    List<String> s3 = List.of("--storage.limits.maxDownloadMBs=0", "--logger.level=4", "--storage.container=" + bucket,
        "--storage.type=stow", "--config", cfg.toString());
    Path localRoot = Files.createDirectories(work.resolve("store"));
    List<String> local = List.of("--logger.level=4", "--storage.type=local", "--storage.container=" + bucket,
        "--storage.stow.config", "path=" + localRoot);

    podRun("s3", s3, "s3://" + bucket, ConfigLoader.load(cfg.toString(), Map.of(), Map.of()).storage());
    podRun("local", local, "file://" + bucket,
        ConfigLoader.load(null, Map.of(), Map.of("storage.type", List.of("local"),
            "storage.stow.config", List.of("path=" + localRoot))).storage());
  }

  /** What one pod does: download every kind of input, a "main container", then the sidecar after SIGTERM. */
  private void podRun(String name, List<String> storage, String root,
      org.flyte.copilot.core.config.StorageConfig config) throws Exception {
    String inputs;
    try (RoutingStore store = Stores.open(config)) {
      inputs = putInputs(store, root + "/" + name);
    }
    Path in = work.resolve(name + "-inputs");
    Path out = Files.createDirectories(work.resolve(name + "-outputs"));
    String prefix = root + "/" + name + "/meta/n0";
    for (String format : List.of("JSON", "YAML")) {
      List<String> download = new ArrayList<>(storage);
      download.addAll(List.of("download", "--from-remote", inputs, "--to-output-prefix", prefix,
          "--to-local-dir", in.resolve(format).toString(), "--format", format, "--input-interface",
          Base64.getEncoder().encodeToString(VariableMap.getDefaultInstance().toByteArray())));
      expect(0, download.toArray(String[]::new));
    }
    List<String> missing = new ArrayList<>(storage);
    missing.addAll(List.of("download", "--from-remote", root + "/" + name + "/no/inputs.pb", "--to-output-prefix",
        root + "/" + name + "/meta/bad", "--to-local-dir", in.resolve("bad").toString()));
    expect(1, missing.toArray(String[]::new)); // the error document is written, then exit 1

    mainContainer(in.resolve("JSON"), out);
    Signal.raise(new Signal("TERM"));
    SignalWatcher watcher = SignalWatcher.install();
    if (!watcher.awaitSignal(30, TimeUnit.SECONDS)) {
      failures.add("SIGTERM was not seen by the sidecar's handler");
      return;
    }
    List<String> sidecar = new ArrayList<>(storage);
    sidecar.addAll(List.of("sidecar", "--timeout", "1h0m0s", "--to-raw-output", root + "/" + name + "/raw",
        "--to-output-prefix", prefix, "--from-local-dir", out.toString(), "--interface", outputInterface()));
    expect(0, sidecar.toArray(String[]::new));
    try (RoutingStore store = Stores.open(config)) {
      if (store.head(DataReference.parse(prefix + "/outputs.pb")).isEmpty()) {
        failures.add(name + ": the sidecar wrote no outputs.pb");
      }
    }
    List<String> failed = new ArrayList<>(storage);
    failed.addAll(List.of("sidecar", "--to-output-prefix", prefix + "-missing", "--from-local-dir",
        work.resolve("no-such-dir").toString(), "--interface", outputInterface()));
    expect(1, failed.toArray(String[]::new));
  }

  private void expect(int code, String... args) {
    StringWriter text = new StringWriter();
    PrintWriter sink = new PrintWriter(text);
    int actual = CopilotCommand.execute(args, sink, sink, Map.of());
    if (actual != code) {
      failures.add("copilot " + String.join(" ", args).replaceAll("secret_key: \\S+", "") + " exited " + actual
          + " (expected " + code + "): " + text);
    }
  }

  private static LiteralType simple(SimpleType t) {
    return LiteralType.newBuilder().setSimple(t).build();
  }

  /** Inputs of every kind under {@code base}; returns the reference of inputs.pb. */
  private static String putInputs(ObjectStore store, String base) {
    byte[] big = new byte[6 << 20];
    new java.util.Random(7).nextBytes(big);
    store.write(DataReference.parse(base + "/data/big.bin"), big);
    for (int i = 0; i < 12; i++) {
      store.write(DataReference.parse(base + "/data/parts/" + (i % 3) + "/p" + i), ("part " + i).getBytes(StandardCharsets.UTF_8));
    }
    store.write(DataReference.parse(base + "/data/off.pb"), EveryLiteralKind.offloadedList().toByteArray());
    LiteralMap in = EveryLiteralKind.inputs(base + "/data/");
    store.write(DataReference.parse(base + "/meta/inputs.pb"), in.toByteArray());
    return base + "/meta/inputs.pb";
  }

  private static String outputInterface() {
    VariableMap.Builder o = EveryLiteralKind.outputs();
    o.putVariables("at", Variable.newBuilder().setType(simple(SimpleType.DATETIME)).build());
    return EveryLiteralKind.outputInterface(o);
  }

  /** The "main container": one file or directory per declared output, from the downloaded inputs. */
  private static void mainContainer(Path in, Path out) throws IOException {
    Files.writeString(out.resolve("count"), (Long.parseLong(Files.readString(in.resolve("i")).trim()) + 1) + "\n");
    Files.writeString(out.resolve("avg"), "2.5\r\n");
    Files.writeString(out.resolve("msg"), "got " + Files.readString(in.resolve("s")).lines().findFirst().orElse(""));
    Files.writeString(out.resolve("ok"), "Yes\n");
    Files.writeString(out.resolve("at"), Files.readString(in.resolve("dt")));
    Files.writeString(out.resolve("took"), "PT1H30M\n");
    Files.copy(in.resolve("g"), out.resolve("cfg.json"));
    Files.copy(in.resolve("big"), out.resolve("model"));
    copyTree(in.resolve("parts"), out.resolve("parts"));
    Files.createDirectories(out.resolve("xs"));
    Files.copy(in.resolve("l/0"), out.resolve("xs/0"));
    Files.copy(in.resolve("l/1"), out.resolve("xs/1"));
    Files.writeString(out.resolve("kv.json"), "{\"k\": \"" + Files.readString(in.resolve("m/k")) + "\", \"off\": \""
        + Files.readString(in.resolve("off/1")) + "\"}");
    Files.writeString(out.resolve("maybe"), "null\n");
    Files.writeString(out.resolve("color"), "green\n");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
