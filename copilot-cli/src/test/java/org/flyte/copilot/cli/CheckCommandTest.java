package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code copilot check} against the tests' S3 server and the local store. */
class CheckCommandTest {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.start();
  @TempDir Path tmp;

  private Path config(String yaml) throws Exception {
    return Files.writeString(tmp.resolve("storage.yaml"), yaml);
  }

  private static List<String> keys(String bucket) {
    try (Stream<ObjectInfo> all = s3.store().list(new DataReference("s3", bucket, ""))) {
      return all.map(o -> o.reference().key()).toList();
    }
  }

  @Test
  void s3_everyStepPasses_andTheProbeIsGone() throws Exception {
    String bucket = s3.newBucket();
    Path cfg = config(s3.storageYaml(bucket));

    CliRunner.Result r = CliRunner.run("--config", cfg.toString(), "check");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(8);
    assertThat(lines.get(0)).matches("ok   config  storage.type stow, stow.kind s3, container " + bucket + " \\(\\d+ ms\\)");
    assertThat(lines.get(1)).matches("ok   open    s3 store, container " + bucket + " is there \\(\\d+ ms\\)");
    assertThat(lines.get(2)).matches("ok   prefix  s3://" + bucket + "/ \\(\\d+ ms\\)");
    assertThat(lines.get(3)).matches("ok   list    s3://" + bucket + "/ answered with 0 object\\(s\\) on the first page \\(\\d+ ms\\)");
    assertThat(lines.get(4)).matches("ok   write   s3://" + bucket + "/\\.copilot-check-[0-9a-f-]{36} \\(64 bytes\\) \\(\\d+ ms\\)");
    assertThat(lines.get(5)).matches("ok   read    64 bytes, the same as written \\(\\d+ ms\\)");
    assertThat(lines.get(6)).matches("ok   delete  s3://" + bucket + "/\\.copilot-check-[0-9a-f-]{36} is gone \\(\\d+ ms\\)");
    assertThat(lines.get(7)).matches("store OK: s3://" + bucket + "/ can be listed, written, read back and deleted \\(\\d+ ms\\)");
    assertThat(keys(bucket)).isEmpty();
    assertThat(r.out() + r.err()).doesNotContain(EmbeddedS3.SECRET_KEY);
  }

  @Test
  void s3_prefix_listsAndProbesUnderIt() throws Exception {
    String bucket = s3.newBucket();
    s3.store().write(DataReference.parse("s3://" + bucket + "/metadata/run/inputs.pb"), new byte[3]);
    Path cfg = config(s3.storageYaml(bucket));

    CliRunner.Result r = CliRunner.run("--config", cfg.toString(), "check", "--prefix", "s3://" + bucket + "/metadata");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("ok   list    s3://" + bucket + "/metadata/ answered with 1 object(s) on the first page")
        .containsPattern("ok   write   s3://" + bucket + "/metadata/\\.copilot-check-");
    assertThat(keys(bucket)).containsExactly("metadata/run/inputs.pb");
  }

  @Test
  void s3_missingBucket_failsAtOpen_namingIt() throws Exception {
    Path cfg = config(s3.storageYaml("no-such-bucket"));

    CliRunner.Result r = CliRunner.run("--config", cfg.toString(), "check");

    assertThat(r.exitCode()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("ok   config");
    assertThat(lines.get(1)).startsWith("FAIL open ").contains("no-such-bucket");
  }

  @Test
  void s3_wrongSecret_isDeniedAtTheFirstRequest_andTheSecretIsNeverPrinted() throws Exception {
    String bucket = s3.newBucket();
    Path cfg = config(s3.storageYaml(bucket).replace(EmbeddedS3.SECRET_KEY, "not-the-secret-xyz"));

    CliRunner.Result r = CliRunner.run("--config", cfg.toString(), "check");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out().lines().filter(l -> l.startsWith("FAIL"))).singleElement().asString()
        .startsWith("FAIL list ").contains("403 AccessDenied");
    assertThat(r.out() + r.err()).doesNotContain("not-the-secret-xyz");
  }

  @Test
  void local_everyStepPasses() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("store/b"));

    CliRunner.Result r = CliRunner.run("--storage.type=local", "--storage.container=b", "--storage.stow.config",
        "path=" + root.getParent(), "check", "--prefix", "file://b/some/prefix");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("ok   open    file store, container b is there",
        "ok   list    file://b/some/prefix/ answered with 0 object(s)",
        "store OK: file://b/some/prefix/ can be listed, written, read back and deleted");
    try (Stream<Path> left = Files.walk(root)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void local_prefixUnderAFile_failsAtTheFirstStepThatTouchesIt() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("store/b"));
    Files.writeString(root.resolve("taken"), "a file, not a directory");

    CliRunner.Result r = CliRunner.run("--storage.type=local", "--storage.container=b", "--storage.stow.config",
        "path=" + root.getParent(), "check", "--prefix", "file://b/taken/sub");

    assertThat(r.exitCode()).isEqualTo(1);
    String fail = r.out().lines().filter(l -> l.startsWith("FAIL")).findFirst().orElseThrow();
    assertThat(fail).containsAnyOf("FAIL list ", "FAIL write ").contains("file://b/taken/sub");
    assertThat(r.out()).doesNotContain("store OK");
  }

  @Test
  void noContainerAndNoPrefix_saysWhatIsMissing() {
    CliRunner.Result r = CliRunner.run("--storage.type=local", "--storage.stow.config", "path=" + tmp, "check");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("FAIL prefix  no --prefix given and storage.container is not set: nothing to check");
  }
}
