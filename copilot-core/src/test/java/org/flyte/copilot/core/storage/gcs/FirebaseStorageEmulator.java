package org.flyte.copilot.core.storage.gcs;


import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.testing.EachTestSkippedWithout;
import org.flyte.copilot.core.testing.NodeEmulator;

/**
 * The Firebase Storage emulator (npm firebase-tools, installed by {@code .ci/install-gcs-emulator})
 * as a GCS JSON-API server on 127.0.0.1 and a free port, started by the test that needs it. Tests
 * are skipped (JUnit assumptions) when node or the install is absent.
 */
public final class FirebaseStorageEmulator implements AutoCloseable {
  public static final String VERSION = "15.34.2";
  public static final String PROJECT = "demo-copilot";
  private static final long START_SECONDS = 60;

  private final Process process;
  private final int port;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());

  private FirebaseStorageEmulator(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Where the install script puts firebase-tools. */
  public static Path installDir() {
    return NodeEmulator.installDir("COPILOT_GCS_EMULATOR_HOME", "firebase-tools-" + VERSION);
  }

  /** Why the emulator cannot run here (no node, not installed), or empty when it can. */
  public static Optional<String> missing() {
    return NodeEmulator.missing("firebase-tools " + VERSION, installDir(),
        "node_modules/firebase-tools/lib/emulator/storage/index.js", ".ci/install-gcs-emulator");
  }

  /** Skips each test of a class, with the reason, when the emulator cannot run here. */
  public static final class Required extends EachTestSkippedWithout {
    public Required() {
      super(FirebaseStorageEmulator::missing);
    }
  }

  /** The started emulator, or null when it cannot run here (the tests are then skipped by {@link Required}). */
  public static FirebaseStorageEmulator startIfInstalled() throws IOException, InterruptedException {
    if (missing().isPresent()) {
      return null;
    }
    Path dir = installDir();
    Path launcher = Files.createTempFile("launch-storage-emulator", ".js");
    try (InputStream in = FirebaseStorageEmulator.class.getResourceAsStream("/gcs-emulator/launch-storage-emulator.js")) {
      Files.copy(in, launcher, StandardCopyOption.REPLACE_EXISTING);
    }
    launcher.toFile().deleteOnExit();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Process p = new ProcessBuilder("node", launcher.toString(), dir.toString(), Integer.toString(port), PROJECT)
          .redirectErrorStream(true)
          .start();
      FirebaseStorageEmulator e = new FirebaseStorageEmulator(p, port);
      if (e.awaitReady()) {
        return e;
      }
      e.close();
      last = new IOException("storage emulator did not start on port " + port + ": " + String.join("\n", e.output));
    }
    throw last;
  }

  private boolean awaitReady() throws InterruptedException {
    return NodeEmulator.awaitLine(process, output, line -> line.startsWith("COPILOT-EMULATOR-READY"),
        "storage-emulator-output", START_SECONDS) && process.isAlive()
        && output.stream().anyMatch(l -> l.startsWith("COPILOT-EMULATOR-READY"));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** A {@code stow.kind: google} config for the emulator, with single-request uploads. */
  public StowConfig stow(Map<String, String> extra) {
    Map<String, String> c = new java.util.HashMap<>();
    c.put("json", "");
    c.put("project_id", PROJECT);
    c.put("endpoint", endpoint());
    // The emulator rejects the client's multipart uploads and finalises a chunked resumable upload
    // after its first chunk: every upload must be one resumable PUT.
    c.put("single_request_upload_max", "0");
    c.put("upload_chunk_size", "128MiB");
    c.putAll(extra);
    return new StowConfig("google", c);
  }

  public List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    NodeEmulator.stop(process);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
