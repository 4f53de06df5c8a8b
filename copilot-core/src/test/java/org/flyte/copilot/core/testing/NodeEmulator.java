package org.flyte.copilot.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the storage emulators that run on node (Azurite, the Firebase Storage emulator) have in
 * common: where their install script puts them, whether node is here, waiting for the line that says
 * they are ready, and stopping them.
 */
public final class NodeEmulator {
  private NodeEmulator() {}

  /** {@code $envVar} when set, else {@code ~/.cache/copilot/<dirName>}: where the install script puts it. */
  public static Path installDir(String envVar, String dirName) {
    String env = System.getenv(envVar);
    if (env != null && !env.isBlank()) {
      return Paths.get(env);
    }
    return Paths.get(System.getProperty("user.home"), ".cache", "copilot", dirName);
  }

  /** True when an executable {@code tool} is in a directory of {@code PATH}. */
  public static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Paths.get(d, tool))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why an emulator cannot run here, or empty when it can: node must be on PATH, and {@code entry}, a
   * file of the install that {@code installScript} puts in {@code installDir}, must be in place.
   */
  public static Optional<String> missing(String emulator, Path installDir, String entry, String installScript) {
    if (!onPath("node")) {
      return Optional.of("node is not on PATH");
    }
    if (!Files.isRegularFile(installDir.resolve(entry))) {
      return Optional.of(emulator + " is not installed in " + installDir + " (run " + installScript + ")");
    }
    return Optional.empty();
  }

  /**
   * Copies the process's output lines into {@code output} on a daemon thread named {@code threadName}
   * and waits up to {@code seconds} for a line that {@code ready} accepts (it may remember what it
   * saw); false when the output ended or the time ran out first.
   */
  public static boolean awaitLine(Process process, List<String> output, Predicate<String> ready, String threadName,
      long seconds) throws InterruptedException {
    CountDownLatch seen = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          output.add(line);
          if (ready.test(line)) {
            seen.countDown();
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
      seen.countDown();
    }, threadName);
    reader.setDaemon(true);
    reader.start();
    return seen.await(seconds, TimeUnit.SECONDS);
  }

  /** Asks the process to end, and kills it when it has not within 5 s. */
  public static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
