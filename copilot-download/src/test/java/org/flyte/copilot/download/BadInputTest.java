package org.flyte.copilot.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flyte.copilot.download.Literals.*;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import org.flyte.copilot.core.error.ErrorDocuments;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.testing.ForwardingStore;
import org.flyte.copilot.core.storage.file.FileStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input ends in a DownloadException naming what failed, and nothing is written outside the directory. */
class BadInputTest {
  @TempDir Path tmp;
  private Fixture f;
  /** The directory every test downloads into. */
  private Path local;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
    local = Path.of(f.localDir("in"));
  }

  /** Downloads the input map at {@code remote} into {@link #local}, expecting a DownloadException. */
  private DownloadException failsFrom(String remote) {
    return fails(DownloadRequest.of(remote, local.toString()));
  }

  private DownloadException fails(DownloadRequest r) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.download(r));
    assertThat(t).isInstanceOf(DownloadException.class);
    return (DownloadException) t;
  }

  private void assertNothingOutside(Path localDir) throws Exception {
    // only the store, the local directory and nothing else under the temp dir
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.equals("store") || n.equals(localDir.getFileName().toString()));
    }
  }

  @Test
  void corruptInputsPb() throws Exception {
    String remote = f.put("meta/inputs.pb", new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
    DownloadException e = failsFrom(remote);
    assertThat(e.getMessage()).startsWith("the input map file://bucket/meta/inputs.pb (4 bytes) is not a valid LiteralMap: ");
    assertThat(e.recoverable()).isFalse();
    assertThat(e.reference()).isEqualTo(remote);
    // not recoverable in the model, yet the document says RECOVERABLE as Go's does (docs/error-model.md)
    ErrorDocument doc = ErrorDocuments.of(e);
    assertThat(doc.getError().getCode()).isEqualTo("InputDownloadFailed");
    assertThat(doc.getError().getMessage()).isEqualTo(e.getMessage());
    assertThat(doc.getError().getKind()).isEqualTo(ContainerError.Kind.RECOVERABLE);
    assertThat(Fixture.files(local)).isEmpty();
  }

  @Test
  void truncatedInputsPb() {
    byte[] full = inputs("s", string("a long enough string value")).toByteArray();
    String remote = f.put("meta/inputs.pb", Arrays.copyOf(full, full.length - 5));
    assertThat(failsFrom(remote).getMessage())
        .contains("is not a valid LiteralMap").contains("truncated");
  }

  @Test
  void listsNestedDeeperThanProtobufReads_sayWhatTheLimitIs() {
    Literal deep = string("leaf");
    for (int i = 0; i < 60; i++) {
      deep = Literal.newBuilder().setCollection(flyteidl.core.Literals.LiteralCollection.newBuilder().addLiterals(deep))
          .build();
    }
    String remote = f.putInputs(inputs("deep", deep));
    assertThat(failsFrom(remote).getMessage())
        .contains("is not a valid LiteralMap: it nests values deeper than copilot reads (100 nested protobuf"
            + " messages: about 48 levels of lists or 32 levels of Structs; see docs/limits.md)");
  }

  @Test
  void missingInputsPb() {
    DownloadException e = fails(DownloadRequest.of("file://bucket/nope/inputs.pb", local.toString()));
    assertThat(e.getMessage()).startsWith("cannot read the input map file://bucket/nope/inputs.pb: ").contains("does not exist");
    assertThat(e.recoverable()).isTrue();
  }

  @Test
  void literalWithNoValue() {
    String remote = f.putInputs(inputs("ok", integer(1), "bad", Literal.getDefaultInstance()));
    DownloadException e = failsFrom(remote);
    assertThat(e.getMessage()).isEqualTo("variable [bad]: the literal for " + local + "/bad has no value");
    assertThat(e.variable()).isEqualTo("bad");
    assertThat(local.resolve("ok")).doesNotExist(); // planning fails before anything is written
  }

  @Test
  void scalarWithNoValue() {
    String remote = f.putInputs(inputs("bad", Literal.newBuilder().setScalar(Scalar.getDefaultInstance()).build()));
    assertThat(failsFrom(remote).getMessage()).contains("has no value");
  }

  @Test
  void blobThatDoesNotExist() throws Exception {
    String remote = f.putInputs(inputs("model", blob("file://bucket/missing/model.bin"), "n", integer(1)));
    DownloadException e = failsFrom(remote);
    assertThat(e.getMessage()).isEqualTo("variable [model]: blob file://bucket/missing/model.bin does not exist");
    assertThat(e.variable()).isEqualTo("model");
    assertThat(e.reference()).isEqualTo("file://bucket/missing/model.bin");
    assertThat(local.resolve("model")).doesNotExist();
    assertThat(local.resolve("inputs.pb")).doesNotExist();
  }

  @Test
  void offloadedLiteralThatDoesNotExist() {
    String remote = f.putInputs(inputs("big", collection(offloaded("file://bucket/off/gone.pb"))));
    DownloadException e = failsFrom(remote);
    assertThat(e.getMessage()).startsWith("variable [big]: cannot read the offloaded literal file://bucket/off/gone.pb: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "..", ".", "/etc/passwd", "", "../escape", "inputs.pb", "inputs.json", "inputs.yaml", "nul\0"})
  void variableNamesThatWouldLeaveTheDirectoryOrOverwriteMetadata(String name) throws Exception {
    String remote = f.putInputs(inputs("ok", integer(1), name, string("x")));
    DownloadException e = failsFrom(remote);
    assertThat(e.getMessage()).startsWith("variable [" + name + "]: ");
    assertThat(e.recoverable()).isFalse();
    assertThat(Fixture.files(local)).isEmpty();
    assertNothingOutside(local);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "..", "/abs", ""})
  void mapKeysThatWouldLeaveTheDirectory(String key) throws Exception {
    String remote = f.putInputs(inputs("m", map(Map.of(key, string("x")))));
    DownloadException e = failsFrom(remote);
    assertThat(e.getMessage()).startsWith("variable [m]: map key [");
    assertNothingOutside(local);
  }

  @Test
  void objectKeyWithDotDotSegment() throws Exception {
    DownloadException e = multipartListedAs("mp/../../escape.txt");
    assertThat(e.getMessage()).contains("would leave");
    assertNothingOutside(local);
  }

  @Test
  void listingThatReturnsKeysOutsideThePrefix() throws Exception {
    f.put("mpx/leak.txt", "sibling");
    DownloadException e = multipartListedAs("mpx/leak.txt");
    assertThat(e.getMessage()).isEqualTo("variable [mp]: listing file://bucket/mp/ returned file://bucket/mpx/leak.txt, "
        + "which is outside the prefix mp/");
    assertThat(local.resolve("mp/leak.txt")).doesNotExist();
  }

  /** Downloads multipart input "mp" (file://bucket/mp) into {@code local} through a store listing only {@code key}. */
  private DownloadException multipartListedAs(String key) {
    ObjectStore evil = listing(f.store, "bucket", key);
    String remote = f.putInputs(inputs("mp", multipart("file://bucket/mp")));
    return fails(DownloadRequest.of(remote, local.toString()), evil);
  }

  private DownloadException fails(DownloadRequest r, ObjectStore s) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.download(s, r));
    assertThat(t).isInstanceOf(DownloadException.class);
    return (DownloadException) t;
  }

  /** A store whose listing returns the given keys (a misbehaving backend); everything else is the file store. */
  private static ObjectStore listing(FileStore delegate, String container, String... keys) {
    return new ForwardingStore(delegate) {
      @Override
      public ListPage listPage(DataReference prefix, String token, int pageSize) {
        List<ObjectInfo> out = new ArrayList<>();
        for (String k : keys) {
          out.add(new ObjectInfo(new DataReference("file", container, k, ""), 1, ""));
        }
        return new ListPage(out, null);
      }
    };
  }

  @Test
  void badBlobDimensionality() {
    Literal weird = blob("file://bucket/a").toBuilder().setScalar(blob("file://bucket/a").getScalar().toBuilder()
        .setBlob(blob("file://bucket/a").getScalar().getBlob().toBuilder().setMetadata(
            blobMetadata("", flyteidl.core.Types.BlobType.BlobDimensionality.SINGLE).toBuilder()
                .setType(flyteidl.core.Types.BlobType.newBuilder().setDimensionalityValue(7))))).build();
    String remote = f.putInputs(inputs("w", weird));
    assertThat(failsFrom(remote).getMessage())
        .isEqualTo("variable [w]: unexpected Blob type encountered: dimensionality 7 of file://bucket/a");
  }

  @Test
  void namedDirBlobWithoutAFileName() {
    String remote = f.putInputs(inputs("b", blob("file://bucket/x/..")));
    assertThat(fails(DownloadRequest.of(remote, local.toString())
        .withLayout(org.flyte.copilot.core.iostrategy.FileInputLayout.NAMED_DIR)).getMessage())
        .contains("cannot name the NAMED_DIR file after blob uri [file://bucket/x/..]");
  }

  @Test
  void symlinkInsideTheInputDirectoryIsNotFollowed() throws Exception {
    Files.createDirectories(local);
    Path outside = Files.createDirectories(tmp.resolve("store").resolve("elsewhere"));
    Files.createSymbolicLink(local.resolve("l"), outside);
    String remote = f.putInputs(inputs("l", collection(string("x"))));
    assertThat(failsFrom(remote).getMessage()).contains("symbolic link");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void timeoutBoundsTheWholeDownload() {
    CountDownLatch never = new CountDownLatch(1);
    ObjectStore slow = new ForwardingStore(f.store) {
      @Override
      public java.io.InputStream readRange(DataReference ref, long offset, long length, String etag) {
        try {
          never.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new org.flyte.copilot.core.storage.StorageException("read", ref, "interrupted");
        }
        throw new IllegalStateException("never released");
      }
    };
    String remote = f.putInputs(inputs("b", blob(f.put("d/a", "A"))));
    // long enough for the transfer to have started even on a loaded machine (2s was not, at load 20)
    DownloadException e = fails(DownloadRequest.of(remote, local.toString()).withTimeout(Duration.ofSeconds(5)), slow);
    assertThat(e.getMessage()).startsWith("download of " + remote + " did not finish within 5s; still transferring "
        + "variable [b] from file://bucket/d/a");
    assertThat(e.recoverable()).isTrue();
  }

  @Test
  void fromFlags_validatesInContractOrderWithFixedValueLists() {
    assertThatThrownBy(() -> DownloadRequest.fromFlags("", "", "XML", "BAD", "BAD", null, 8, null))
        .hasMessage("to-local-dir is required");
    assertThatThrownBy(() -> DownloadRequest.fromFlags("", "/in", "XML", "BAD", "BAD", null, 8, null))
        .hasMessage("from-remote is required");
    assertThatThrownBy(() -> DownloadRequest.fromFlags("s3://b/i.pb", "/in", "XML", "BAD", "BAD", null, 8, null))
        .hasMessage("incorrect input download format specified, given [XML], possible values [JSON YAML PROTO]");
    assertThatThrownBy(() -> DownloadRequest.fromFlags("s3://b/i.pb", "/in", "JSON", "BAD", "BAD", null, 8, null))
        .hasMessage("incorrect input download mode specified, given [BAD], possible values "
            + "[DOWNLOAD_EAGER DOWNLOAD_STREAM DO_NOT_DOWNLOAD]");
    assertThatThrownBy(() -> DownloadRequest.fromFlags("s3://b/i.pb", "/in", "JSON", "DOWNLOAD_EAGER", "BAD", null, 8, null))
        .hasMessage("incorrect file input layout specified, given [BAD], possible values [DIRECT NAMED_DIR]");
    assertThatThrownBy(() -> DownloadRequest.fromFlags("s3://b/i.pb", "/in", "JSON", "DOWNLOAD_EAGER", "", null, 0, null))
        .hasMessage("concurrency must be at least 1, given [0]");
    DownloadRequest ok = DownloadRequest.fromFlags("s3://b/i.pb", "/in", "YAML", "DO_NOT_DOWNLOAD", "", Duration.ZERO, 3,
        new byte[] {(byte) 0xff});
    assertThat(ok.layout()).isEqualTo(org.flyte.copilot.core.iostrategy.FileInputLayout.DIRECT);
    assertThat(ok.inputInterface()).isEmpty();
    assertThat(ok.concurrency()).isEqualTo(3);
  }
}
