package org.flyte.copilot.core.storage.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.testing.EachTestSkippedWithout;
import org.flyte.copilot.core.testing.NodeEmulator;

/**
 * Azurite's blob service (npm {@code azurite}, installed by {@code .ci/install-azurite}) on
 * 127.0.0.1 and a port of its own choosing, with its well-known development account, started by the
 * test that needs it. Tests are skipped (JUnit assumptions) when node or the install is absent.
 */
public final class Azurite implements AutoCloseable {
  public static final String VERSION = "3.37.0";
  /** Azurite's documented development account and key (public, the same in every install). */
  public static final String ACCOUNT = "devstoreaccount1";
  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  private static final String ENTRY = "node_modules/azurite/dist/src/blob/main.js";
  private static final Pattern LISTENING = Pattern.compile("listens on (http://127\\.0\\.0\\.1:\\d+)");
  private static final AtomicInteger CONTAINERS = new AtomicInteger();

  private final Process process;
  private final Path workspace;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private volatile String url;
  private BlobServiceClient client;

  private Azurite(Process process, Path workspace) {
    this.process = process;
    this.workspace = workspace;
  }

  /** Where the install script puts azurite. */
  public static Path installDir() {
    return NodeEmulator.installDir("COPILOT_AZURITE_HOME", "azurite-" + VERSION);
  }

  /** Why Azurite cannot run here (no node, not installed), or empty when it can. */
  public static Optional<String> missing() {
    return NodeEmulator.missing("azurite " + VERSION, installDir(), ENTRY, ".ci/install-azurite");
  }

  /** Skips each test of a class, with the reason, when Azurite cannot run here. */
  public static final class Required extends EachTestSkippedWithout {
    public Required() {
      super(Azurite::missing);
    }
  }

  /** The started Azurite, or null when it cannot run here (the tests are then skipped by {@link Required}). */
  public static Azurite startIfInstalled() throws IOException, InterruptedException {
    if (missing().isPresent()) {
      return null;
    }
    Path workspace = Files.createTempDirectory("azurite-");
    List<String> cmd = new ArrayList<>(List.of("node", installDir().resolve(ENTRY).toString(), "--blobHost", "127.0.0.1",
        "--blobPort", "0", "--location", workspace.toString(), "--disableTelemetry", "--skipApiVersionCheck",
        "--silent"));
    String debug = System.getProperty("copilot.azurite.debug", "");
    if (!debug.isEmpty()) {
      cmd.addAll(List.of("--debug", debug));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Azurite a = new Azurite(p, workspace);
    if (!a.awaitReady()) {
      a.close();
      throw new IOException("azurite did not start: " + String.join("\n", a.output));
    }
    return a;
  }

  private boolean awaitReady() throws InterruptedException {
    boolean listening = NodeEmulator.awaitLine(process, output, line -> {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        url = m.group(1);
        return true;
      }
      return false;
    }, "azurite-output", 60);
    return listening && url != null && process.isAlive();
  }

  /** The blob service URL of the development account (path-style, as Azurite serves it). */
  public String endpoint() {
    return url + "/" + ACCOUNT;
  }

  /** A {@code stow.kind: azure} config for Azurite, plus {@code extra} keys. */
  public StowConfig stow(Map<String, String> extra) {
    Map<String, String> c = new HashMap<>();
    c.put("account", ACCOUNT);
    c.put("key", KEY);
    c.put("endpoint", endpoint());
    c.putAll(extra);
    return new StowConfig("azure", c);
  }

  /** The storage section of a copilot config file with Azure as the primary store. */
  public String storageYaml(String container) {
    return "storage:\n  type: stow\n  container: " + container + "\n  stow:\n    kind: azure\n    config:\n"
        + "      account: " + ACCOUNT + "\n      key: " + KEY + "\n      endpoint: " + endpoint() + "\n";
  }

  /** A {@code storage.schemes.abfs} entry (to append to a {@code storage:} section) dialling Azurite. */
  public String schemeYaml() {
    return "  schemes:\n    abfs:\n      kind: azure\n      config:\n        account: " + ACCOUNT + "\n        key: "
        + KEY + "\n        endpoint: " + endpoint() + "\n";
  }

  /** An SDK client of its own, for tests that set things up or look behind the store. */
  public synchronized BlobServiceClient client() {
    if (client == null) {
      client = new BlobServiceClientBuilder().endpoint(endpoint())
          .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
          .credential(new StorageSharedKeyCredential(ACCOUNT, KEY)).buildClient();
    }
    return client;
  }

  /** Creates a new, empty container and returns its name. */
  public String newContainer() {
    String name = "c" + CONTAINERS.incrementAndGet() + "-" + ProcessHandle.current().pid();
    client().createBlobContainer(name);
    return name;
  }

  public List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    NodeEmulator.stop(process);
    try (Stream<Path> files = Files.walk(workspace)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory
    }
  }
}
