package org.flyte.copilot.upload.lifecycle;

import org.flyte.copilot.upload.UploadRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flyte.copilot.upload.Fixture.blob;
import static org.flyte.copilot.upload.Fixture.listOf;
import static org.flyte.copilot.upload.Fixture.outputs;
import static org.flyte.copilot.upload.Fixture.simple;

import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.iostrategy.UploadMode;
import org.junit.jupiter.api.Test;

class SidecarArgsTest {
  static SidecarArgs podBuilderArgs(TypedInterface iface) {
    return new SidecarArgs().timeout("1h0m0s").toRawOutput("s3://b/raw").toOutputPrefix("s3://b/out")
        .fromLocalDir("/var/outputs").interfaceBase64(Base64.getEncoder().encodeToString(iface.toByteArray()));
  }

  @Test
  void podBuilderArgs_giveTheDefaults() {
    SidecarInput in = podBuilderArgs(outputs("n", simple(SimpleType.INTEGER))).validate();
    assertThat(in).isInstanceOf(SidecarInput.Valid.class);
    SidecarInput.Valid v = (SidecarInput.Valid) in;
    UploadRequest r = v.request();
    assertThat(v.watcherType()).isEqualTo("signal");
    assertThat(r.format()).isEqualTo(MetadataFormat.JSON);
    assertThat(r.uploadMode()).isEqualTo(UploadMode.UPLOAD_ON_EXIT);
    assertThat(r.timeout()).isEqualTo(Duration.ofHours(1));
    assertThat(r.maxSimpleBytes()).isEqualTo(1024 * 1024);
    assertThat(r.concurrency()).isEqualTo(8);
    assertThat(r.fromLocalDir()).isEqualTo(Path.of("/var/outputs"));
    assertThat(r.outputsReference()).isEqualTo("s3://b/out/outputs.pb");
    assertThat(r.errorReference()).isEqualTo("s3://b/out/error.pb");
  }

  @Test
  void timeout_defaultsTo1h_startTimeoutIsTheAlias_timeoutWins() {
    SidecarArgs a = podBuilderArgs(outputs("n", simple(SimpleType.INTEGER))).timeout(null);
    assertThat(((SidecarInput.Valid) a.validate()).request().timeout()).isEqualTo(Duration.ofHours(1));
    a.startTimeout("5m");
    assertThat(((SidecarInput.Valid) a.validate()).request().timeout()).isEqualTo(Duration.ofMinutes(5));
    a.timeout("90s");
    assertThat(((SidecarInput.Valid) a.validate()).request().timeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void exitWatcherType_winsOverStartWatcherType() {
    SidecarArgs a = podBuilderArgs(outputs("n", simple(SimpleType.INTEGER))).startWatcherType("noop");
    assertThat(((SidecarInput.Valid) a.validate()).watcherType()).isEqualTo("noop");
    a.exitWatcherType("file");
    assertThat(((SidecarInput.Valid) a.validate()).watcherType()).isEqualTo("file");
  }

  @Test
  void nestedBlobOutput_needsARawPrefix_unlessDoNotUpload() {
    SidecarArgs a = podBuilderArgs(outputs("files", listOf(blob("", BlobDimensionality.SINGLE)))).toRawOutput("");
    assertThat(((SidecarInput.Invalid) a.validate()).problems())
        .containsExactly("--to-raw-output is required: output \"files\" is list of SINGLE blob and needs a place to upload to");
    assertThat(a.uploadMode("DO_NOT_UPLOAD").validate()).isInstanceOf(SidecarInput.Valid.class);
  }

  @Test
  void badNumbersAndMissingDirs_areAllReported() {
    SidecarInput in = podBuilderArgs(outputs("n", simple(SimpleType.INTEGER))).maxSimpleBytes("1MB").concurrency("0")
        .fromLocalDir("").toOutputPrefix("").validate();
    assertThat(((SidecarInput.Invalid) in).problems()).containsExactly(
        "--max-simple-bytes must be a positive integer, was \"1MB\"",
        "--concurrency must be a positive integer, was \"0\"",
        "--from-local-dir is required",
        "--to-output-prefix is required");
  }

  @Test
  void protobufGarbage_isABadInterface() {
    SidecarInput in = podBuilderArgs(outputs()).interfaceBase64(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 1}))
        .validate();
    assertThat(((SidecarInput.Invalid) in).message())
        .startsWith("Bad interface passed, failed to unmarshal, expected core.TypedInterface: ");
  }

  @Test
  void base64WrappedAt76Columns_decodesAsInGo() {
    // Go's base64.StdEncoding, behind the --interface flag, skips \r and \n
    TypedInterface iface = outputs("a_rather_long_output_name_" + "x".repeat(40), simple(SimpleType.INTEGER));
    String wrapped = Base64.getMimeEncoder().encodeToString(iface.toByteArray());
    assertThat(wrapped).contains("\r\n");
    for (String text : new String[] {wrapped, wrapped.replace("\r\n", "\n"), wrapped + "\n"}) {
      SidecarInput in = podBuilderArgs(iface).interfaceBase64(text).validate();
      assertThat(in).as(text).isInstanceOf(SidecarInput.Valid.class);
      assertThat(((SidecarInput.Valid) in).request().typedInterface()).isEqualTo(iface);
    }
  }

  @Test
  void aForeignCharacter_isNamedOnOneLine() {
    String good = Base64.getEncoder().encodeToString(outputs("n", simple(SimpleType.INTEGER)).toByteArray());
    String tab = good.substring(0, 8) + "\t" + good.substring(8);
    SidecarInput in = podBuilderArgs(outputs()).interfaceBase64(tab).validate();
    assertThat(((SidecarInput.Invalid) in).problems())
        .containsExactly("Bad interface passed, --interface is not valid base64 (character U+0009 at offset 8)");
  }
}
