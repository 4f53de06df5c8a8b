package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/copilot}, the launcher images install as /bin/flyte-copilot. */
class LauncherIT {
  @TempDir Path tmp;

  private static ProcessBuilder launcherAt(String launcher, String... args) {
    List<String> cmd = new ArrayList<>(List.of(launcher));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("COPILOT_JAR", System.getProperty("copilot.jar"));
    pb.environment().remove("COPILOT_JAVA");
    return pb;
  }

  /** The launcher with the runtime pinned to the test's JVM. */
  private static ProcessBuilder launcher(String... args) {
    ProcessBuilder pb = launcherAt(System.getProperty("copilot.launcher"), args);
    pb.environment().put("COPILOT_JAVA", System.getProperty("java.home"));
    return pb;
  }

  private static String run(ProcessBuilder pb) throws Exception {
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** A Java 25+ installed where the launcher looks for one, or null. */
  private static Path java25() throws Exception {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (var dirs = Files.newDirectoryStream(jvms, "*25*")) {
      for (Path d : dirs) {
        if (Files.isExecutable(d.resolve("bin/java"))) {
          return d;
        }
      }
    }
    return null;
  }

  @Test
  void version_runsThePackagedJar() throws Exception {
    String out = run(launcher("version"));
    assertThat(out).contains("copilot ", "flyteidl 1.16.5", "java " + System.getProperty("java.version"))
        .as("the version from the jars' manifests").doesNotContain("copilot dev");
  }

  @Test
  void aotCacheFile_isIgnoredByJvmsThatCannotUseIt() throws Exception {
    Path aot = Files.write(tmp.resolve("copilot.aot"), new byte[0]);
    Files.writeString(tmp.resolve("copilot.aot.jvm"), "some other runtime\n");
    ProcessBuilder pb = launcher("version");
    pb.environment().put("COPILOT_AOT_CACHE", aot.toString());
    String out = run(pb);
    assertThat(out).startsWith("copilot ").doesNotContain("warning", "error", "AOT");
  }

  @Test
  void worksThroughASymlink_fromAnotherDirectory() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("flyte-copilot"), Path.of(System.getProperty("copilot.launcher")));
    ProcessBuilder pb = launcherAt(link.toString(), "version");
    pb.environment().remove("COPILOT_JAR"); // found next to the resolved script, not next to the link
    pb.environment().put("COPILOT_JAVA", System.getProperty("java.home"));
    pb.directory(tmp.toFile());
    assertThat(run(pb)).contains("copilot ", "flyteidl 1.16.5").doesNotContain("copilot dev");
  }

  @Test
  void worksThroughARelativeSymlink_startedWithBashByName() throws Exception {
    // `bash flyte-copilot` in the link's folder: the script's name has no folder; the link is relative
    Path launcher = Path.of(System.getProperty("copilot.launcher")).toAbsolutePath();
    Path dir = Files.createDirectories(tmp.resolve("usr/bin"));
    Files.createSymbolicLink(dir.resolve("flyte-copilot"), dir.relativize(launcher));
    ProcessBuilder pb = new ProcessBuilder("bash", "flyte-copilot", "version").redirectErrorStream(true);
    pb.environment().remove("COPILOT_JAR");
    pb.environment().put("COPILOT_JAVA", System.getProperty("java.home"));
    pb.directory(dir.toFile());
    assertThat(run(pb)).contains("copilot ", "flyteidl 1.16.5").doesNotContain("not found");
  }

  @Test
  void prefersAJava25Runtime_andItsAotCacheStartsQuietly() throws Exception {
    Path jdk = java25();
    org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no /usr/lib/jvm/*25* here");
    ProcessBuilder pb = launcherAt(System.getProperty("copilot.launcher"), "version");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    String out = run(pb);
    assertThat(out).contains("java 25").doesNotContain("warning", "error", "[aot]", "[cds]");
  }

  @Test
  void aotCacheOfAnotherJar_isSkippedSilently() throws Exception {
    Path jdk = java25();
    Path cache = Path.of(System.getProperty("copilot.jar").replaceFirst("\\.jar$", ".aot"));
    org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null && Files.isRegularFile(cache), "no Java 25 or no AOT cache");
    // the cache belongs to copilot.jar; a copy of the jar with another time stamp does not match it
    Path otherJar = Files.copy(Path.of(System.getProperty("copilot.jar")), tmp.resolve("copilot.jar"));
    Files.copy(cache, tmp.resolve("copilot.aot"));
    Files.copy(Path.of(cache + ".jvm"), tmp.resolve("copilot.aot.jvm"));
    Files.setLastModifiedTime(otherJar, java.nio.file.attribute.FileTime.fromMillis(0));
    ProcessBuilder pb = launcherAt(System.getProperty("copilot.launcher"), "version");
    pb.environment().put("COPILOT_JAR", otherJar.toString());
    pb.environment().put("COPILOT_JAVA", jdk.toString());
    String out = run(pb);
    assertThat(out).startsWith("copilot ").contains("java 25").doesNotContain("warning", "error", "[aot]", "[cds]");
  }
}
