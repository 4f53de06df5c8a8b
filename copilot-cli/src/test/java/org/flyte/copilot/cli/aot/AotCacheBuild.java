package org.flyte.copilot.cli.aot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flyte.copilot.core.testing.EmbeddedS3;

/**
 * The package step's AOT cache (run by exec-maven-plugin after the shade step): finds a JDK 25+, starts
 * an S3 server on 127.0.0.1 and runs {@link AotTraining} through bin/copilot with that JDK, which
 * writes {@code copilot.aot} and, next to it, {@code copilot.aot.jvm} naming the runtime it belongs to.
 * Without a JDK 25 it says so in one line and the build goes on without a cache.
 *
 * <p>Arguments: {@code <launcher> <jar> <jdk property value, may be empty>}. The JDK is, in order:
 * {@code -Dcopilot.aot.jdk=<home>} ({@code none} skips), JAVA_HOME if it is 25+, the JDK running
 * Maven if it is 25+, the first {@code /usr/lib/jvm/*25*}.
 */
public final class AotCacheBuild {
  private static final int MIN_FEATURE = 25;

  private AotCacheBuild() {}

  public static void main(String[] args) throws Exception {
    Path launcher = Path.of(args[0]);
    Path jar = Path.of(args[1]);
    String property = args.length > 2 && args[2] != null ? args[2].trim() : "";
    Path aot = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", ".aot"));
    Path aotJvm = aot.resolveSibling(aot.getFileName() + ".jvm");
    Files.deleteIfExists(aot);
    Files.deleteIfExists(aotJvm);

    Path jdk = findJdk(property);
    if (jdk == null) {
      return;
    }
    long start = System.nanoTime();
    Path work = Files.createTempDirectory("copilot-aot-training");
    try (EmbeddedS3 s3 = EmbeddedS3.start()) {
      String bucket = s3.newBucket();
      ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), s3.endpoint().toString(), s3.accessKey(),
          s3.secretKey(), bucket, work.resolve("run").toString()).inheritIO();
      pb.environment().put("COPILOT_JAVA", jdk.toString());
      pb.environment().put("COPILOT_JAR", jar.toString());
      pb.environment().put("COPILOT_AOT_TRAINING", aot.toString());
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the AOT training run did not end within 5 minutes");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(aot)) {
        Files.deleteIfExists(aot);
        throw new IllegalStateException("the AOT training run failed (exit " + p.exitValue() + "); see above");
      }
    } finally {
      deleteTree(work);
    }
    Files.writeString(aotJvm, runtimeVersion(jdk) + "\n");
    System.out.printf(Locale.ROOT, "copilot: AOT cache %s for %s (%s) made in %.1f s%n", aot.getFileName(),
        jdk, runtimeVersion(jdk), (System.nanoTime() - start) / 1e9);
  }

  private static Path findJdk(String property) throws IOException {
    if (property.equalsIgnoreCase("none") || property.equalsIgnoreCase("false")) {
      System.out.println("copilot: AOT cache skipped (-Dcopilot.aot.jdk=" + property + "); copilot.jar starts without one");
      return null;
    }
    if (!property.isEmpty()) {
      Path home = Path.of(property);
      if (feature(home) < MIN_FEATURE) {
        throw new IllegalStateException("-Dcopilot.aot.jdk=" + property + " is not a JDK " + MIN_FEATURE + "+ home");
      }
      return home;
    }
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isEmpty() && feature(Path.of(javaHome)) >= MIN_FEATURE) {
      return Path.of(javaHome);
    }
    Path running = Path.of(System.getProperty("java.home"));
    if (Runtime.version().feature() >= MIN_FEATURE && Files.isExecutable(running.resolve("bin/java"))) {
      return running;
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvms, "*25*")) {
        for (Path d : sorted(dirs)) {
          if (feature(d) >= MIN_FEATURE && Files.isExecutable(d.resolve("bin/java"))) {
            return d;
          }
        }
      }
    }
    System.out.println("copilot: no JDK " + MIN_FEATURE + "+ found (JAVA_HOME, -Dcopilot.aot.jdk, /usr/lib/jvm/*25*);"
        + " AOT cache skipped, copilot.jar starts without one (slower start-up)");
    return null;
  }

  private static List<Path> sorted(DirectoryStream<Path> dirs) {
    List<Path> list = new java.util.ArrayList<>();
    dirs.forEach(list::add);
    list.sort(Comparator.naturalOrder());
    return list;
  }

  /** The feature release (25 for 25.0.3) from a JDK's release file; 0 when unknown. */
  private static int feature(Path home) throws IOException {
    String v = releaseValue(home, "JAVA_VERSION");
    String digits = v.replaceFirst("^(\\d+).*$", "$1");
    return digits.matches("\\d+") ? Integer.parseInt(digits) : 0;
  }

  private static String runtimeVersion(Path home) throws IOException {
    return releaseValue(home, "JAVA_RUNTIME_VERSION");
  }

  private static String releaseValue(Path home, String key) throws IOException {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return "";
    }
    for (String line : Files.readAllLines(release)) {
      if (line.startsWith(key + "=")) {
        return line.substring(key.length() + 1).replace("\"", "").trim();
      }
    }
    return "";
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
