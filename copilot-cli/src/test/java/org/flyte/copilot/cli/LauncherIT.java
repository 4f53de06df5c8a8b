package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/copilot}, the launcher images install as /bin/flyte-copilot. */
class LauncherIT {
  @TempDir Path tmp;

  private static ProcessBuilder launcher(String... args) {
    String[] cmd = new String[args.length + 2];
    cmd[0] = "bash";
    cmd[1] = System.getProperty("copilot.launcher");
    System.arraycopy(args, 0, cmd, 2, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("COPILOT_JAR", System.getProperty("copilot.jar"));
    return pb;
  }

  @Test
  void version_runsThePackagedJar() throws Exception {
    Process p = launcher("version").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("copilot ", "flyteidl 1.16.5", "java " + System.getProperty("java.version"));
  }

  @Test
  void aotCacheFile_isIgnoredByJvmsThatCannotUseIt() throws Exception {
    Path aot = Files.write(tmp.resolve("copilot.aot"), new byte[0]);
    ProcessBuilder pb = launcher("version");
    pb.environment().put("COPILOT_AOT_CACHE", aot.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("copilot ");
  }
}
