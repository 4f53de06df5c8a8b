package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ErrorDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start-up failures of the storage layer, seen through the CLI against a real S3 server. */
class StorageStartupTest {
  @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.start();
  @TempDir Path tmp;

  @Test
  void missingBucket_exits1BeforeAnyWorkAndNamesTheBucket() throws Exception {
    Path cfg = tmp.resolve("storage.yaml");
    Files.writeString(cfg, s3.storageYaml("no-such-bucket"));
    CliRunner.Result r = CliRunner.run("--config", cfg.toString(), "download", "--from-remote",
        "s3://no-such-bucket/in/inputs.pb", "--to-output-prefix", "s3://no-such-bucket/out",
        "--to-local-dir", tmp.resolve("in").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("bucket no-such-bucket does not exist");
    assertThat(tmp.resolve("in")).doesNotExist();
  }

  @Test
  void missingCredentials_namesTheKeyWithoutSecrets() {
    CliRunner.Result r = CliRunner.run("--storage.type=stow", "--storage.stow.kind=s3", "--storage.container=b",
        "--storage.stow.config", "auth_type=accesskey", "--storage.stow.config", "secret_key=topsecret",
        "download", "--to-output-prefix", "s3://b/out");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("access_key_id").doesNotContain("topsecret");
  }

  @Test
  void podBuilderV2Flags_writeTheErrorDocumentToS3() throws Exception {
    String bucket = s3.newBucket();
    Path cfgDir = Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(cfgDir.resolve("copilot-storage-config.yaml"), s3.storageYaml(bucket));
    // the exact v2 shape: storage flags, --config glob, then the sub-command; no --to-local-dir given
    CliRunner.Result r = CliRunner.run(Map.of(), "--storage.limits.maxDownloadMBs=0", "--logger.level=4",
        "--storage.container=" + bucket, "--storage.type=stow", "--config", cfgDir + "/*.yaml",
        "download", "--from-remote", "s3://" + bucket + "/m/inputs.pb", "--to-output-prefix",
        "s3://" + bucket + "/m/n0");
    assertThat(r.exitCode()).isEqualTo(1);
    byte[] doc = s3.store().readAllBytes(DataReference.parse("s3://" + bucket + "/m/n0/error.pb"));
    assertThat(ErrorDocument.parseFrom(doc).getError().getMessage()).isEqualTo("to-local-dir is required");
  }
}
