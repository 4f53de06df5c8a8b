package org.flyte.copilot.upload;

import org.flyte.copilot.upload.lifecycle.Sidecar;
import org.flyte.copilot.upload.lifecycle.SidecarInput;
import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.OutputLocator;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;
import org.flyte.copilot.upload.locate.VolumeFiles;
import org.flyte.copilot.upload.transfer.Uploader;
import org.flyte.copilot.upload.transfer.OutputTransfers;
import org.flyte.copilot.upload.transfer.UploadCache;
import org.flyte.copilot.upload.transfer.UploadListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flyte.copilot.upload.Fixture.DIR;
import static org.flyte.copilot.upload.Fixture.FILE;
import static org.flyte.copilot.upload.Fixture.INT;
import static org.flyte.copilot.upload.Fixture.NONE;
import static org.flyte.copilot.upload.Fixture.STR;
import static org.flyte.copilot.upload.Fixture.listOf;
import static org.flyte.copilot.upload.Fixture.mapOf;
import static org.flyte.copilot.upload.Fixture.outputs;
import static org.flyte.copilot.upload.Fixture.union;

import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.upload.watch.NoopWatcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.flyte.copilot.upload.read.ValueFiles;

/**
 * What a hostile or careless main container can put in the output directory: paths swapped for
 * symlinks after they were checked, FIFOs, map keys that would share raw objects, huge list indexes.
 */
@Timeout(60)
class UnsafeOutputsTest extends FixtureTestBase {
  static final String SECRET = "TOP-SECRET-TOKEN";

  Path secrets;

  @BeforeEach
  void setUp() throws IOException {
    secrets = Files.createDirectories(temp.resolve("secrets"));
    Files.writeString(secrets.resolve("creds.yaml"), SECRET);
  }

  // ---- D12: a path swapped for a symlink after the check is never followed ----

  @Test
  void directorySwappedForASymlinkDuringTheUpload_failsWithAnErrorDocument_andTheSecretIsNeverStored()
      throws Exception {
    f.write("model/a.txt", "A");
    f.write("model/sub/creds.yaml", "harmless");
    Path sub = f.outDir.resolve("model/sub");
    // the main container swaps model/sub for a symlink to the secrets once the first file went out
    UploadListener swapper = new UploadListener() {
      @Override
      public void uploaded(String variable, String localPath, String reference, long bytes) {
        if (localPath.endsWith("a.txt")) {
          try {
            Files.move(sub, f.outDir.resolve("model/sub.old"));
            Files.createSymbolicLink(sub, secrets);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        }
      }
    };
    SidecarInput input = new SidecarInput.Valid(f.request(outputs("model", DIR)).with(r -> r.concurrency = 1), "noop");
    int code = new Sidecar(swapper).run(input, new NoopWatcher(), () -> f.store);

    assertThat(Files.isSymbolicLink(sub)).as("the swap happened").isTrue();
    assertThat(code).isEqualTo(Sidecar.EXIT_FAILED);
    // the directory is listed again as it is uploaded: depending on when that listing meets the swap,
    // the link is refused by the walk (as a link out of the volume, or as one that was not there when
    // checked) or by the open of the file; in every case it is named and never followed
    String message = f.errorDocument().getError().getMessage();
    assertThat(message).contains(sub.toString().substring(f.outDir.toString().length()));
    assertThat(message.contains("resolves to " + secrets.toRealPath() + ", outside the output directory " + f.outDir)
        || message.contains("model/sub is a symlink that was not there when the outputs were checked (it was"
            + " swapped in while copilot was reading); copilot does not follow it"))
        .as(message).isTrue();
    assertThat(f.hasOutputs()).isFalse();
    assertThat(f.store.head(DataReference.parse(Fixture.RAW + "/model/sub/creds.yaml"))).isEmpty();
    assertThat(storedContents()).noneMatch(c -> c.contains(SECRET));
  }

  @Test
  void fileSwappedForASymlinkBetweenPlanAndTransfer_isNotUploaded() throws Exception {
    Path model = f.write("model", "weights");
    UploadRequest request = f.request(outputs("model", FILE));
    Uploader.Planned planned = Uploader.plan(request);
    Files.delete(model);
    Files.createSymbolicLink(model, secrets.resolve("creds.yaml"));

    OutputTransfers runner = new OutputTransfers(f.store, 1, new UploadCache(), UploadListener.NONE,
        java.time.Duration.ofHours(1));
    assertThatThrownBy(() -> runner.run(planned.plan()))
        .isInstanceOf(UploadException.class)
        .hasMessage("failed to upload 1 of 1 files: output \"model\": " + model + " to " + Fixture.RAW + "/model:"
            + " cannot read the file: " + f.outDir.toRealPath().resolve("model") + " is a symlink that was not there"
            + " when the outputs were checked (it was swapped in while copilot was reading); copilot does not follow it");
    assertThat(storedContents()).noneMatch(c -> c.contains(SECRET));
  }

  @Test
  void valueFileBelowADirectorySwappedForASymlink_isNotRead() throws Exception {
    f.write("xs/0", "1");
    Files.writeString(secrets.resolve("0"), "666");
    UploadRequest request = f.request(outputs("xs", listOf(INT)));
    OutputLocator locator = Uploader.locator(request);
    Site site = Site.output("xs", null);
    Entry xs = locator.locate(locator.root(), "xs", site).orElseThrow();
    Entry zero = locator.locate(xs, "0", site.element(0, null)).orElseThrow();

    Path dir = f.outDir.resolve("xs");
    Files.move(dir, f.outDir.resolve("xs.old"));
    Files.createSymbolicLink(dir, secrets);

    ValueFiles files = new ValueFiles(1024, locator.volume());
    assertThatThrownBy(() -> files.readText(site.element(0, zero.path().toString()), zero, "INTEGER"))
        .isInstanceOf(UploadException.class)
        .hasMessage("output \"xs\"[0] (" + zero.path() + "): " + f.outDir.toRealPath().resolve("xs") + " is a symlink"
            + " that was not there when the outputs were checked (it was swapped in while copilot was reading);"
            + " copilot does not follow it");
  }

  @Test
  void symlinksThatStayInside_areStillFollowedForValuesMapsAndMetadata() throws Exception {
    f.write("real/n.txt", "7");
    f.write("real/m/a", "1");
    f.write("real/outputs.json", "{\"s\": \"hello\"}");
    Files.createSymbolicLink(f.outDir.resolve("n"), f.outDir.resolve("real/n.txt"));
    Files.createSymbolicLink(f.outDir.resolve("m"), f.outDir.resolve("real/m"));
    Files.createSymbolicLink(f.outDir.resolve("outputs.json"), f.outDir.resolve("real/outputs.json"));
    LiteralMap m = f.upload(outputs("n", INT, "m", mapOf(INT), "s", STR));
    assertThat(m.getLiteralsOrThrow("n").getScalar().getPrimitive().getInteger()).isEqualTo(7);
    assertThat(m.getLiteralsOrThrow("m").getMap().getLiteralsOrThrow("a").getScalar().getPrimitive().getInteger())
        .isEqualTo(1);
    assertThat(m.getLiteralsOrThrow("s").getScalar().getPrimitive().getStringValue()).isEqualTo("hello");
  }

  @Test
  void errorFileSymlinkedOutOfTheVolume_isNotRead() throws Exception {
    Files.createSymbolicLink(f.outDir.resolve("_ERROR"), secrets.resolve("creds.yaml"));
    int code = new Sidecar(UploadListener.NONE).run(
        new SidecarInput.Valid(f.request(outputs("n", INT)), "noop"), new NoopWatcher(), () -> f.store);
    assertThat(code).isEqualTo(Sidecar.EXIT_FAILED);
    ErrorDocument doc = f.errorDocument();
    assertThat(doc.getError().getMessage()).isEqualTo("the task wrote " + f.outDir.resolve("_ERROR")
        + " but it cannot be read: " + f.outDir.resolve("_ERROR") + " resolves to " + secrets.resolve("creds.yaml")
        .toRealPath() + ", outside the output directory " + f.outDir + "; copilot does not read or upload files outside it");
    assertThat(doc.getError().getMessage()).doesNotContain(SECRET);
  }

  // ---- FIFOs and devices ----

  static Stream<Arguments> fifoOutputs() {
    return Stream.of(Arguments.of("n", INT, "reads"), Arguments.of("model", FILE, "uploads"));
  }

  @ParameterizedTest
  @MethodSource("fifoOutputs")
  void fifoAsAnOutput_isAnErrorNamingOutputAndPath_withoutBlocking(String name, LiteralType type, String verb)
      throws Exception {
    Path fifo = mkfifo(name);
    assertThatThrownBy(() -> f.upload(outputs(name, type)))
        .hasMessage("output \"" + name + "\" (" + fifo + "): " + fifo + " is a FIFO, socket or device, not a regular"
            + " file; copilot " + verb + " only regular files");
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void fifoAsTheErrorFileOrOptionalValue_doesNotBlock() throws Exception {
    Path fifo = mkfifo("maybe");
    assertThatThrownBy(() -> f.upload(outputs("maybe", union(INT, NONE))))
        .hasMessageContaining(fifo + " is a FIFO, socket or device, not a regular file");
    Files.delete(fifo);
    Path err = mkfifo("_ERROR");
    assertThatThrownBy(() -> f.upload(outputs("n", INT)))
        .hasMessage("the task wrote " + err + " but it cannot be read: " + err + " is a FIFO, socket or device, not a"
            + " regular file; copilot reads only regular files");
  }

  @Test
  void endlessSource_isReadOnlyToTheLimitPlusOne() throws IOException {
    // what /dev/zero looks like: size 0, never ends
    ReadableByteChannel zeros = new ReadableByteChannel() {
      @Override
      public int read(ByteBuffer dst) {
        int n = dst.remaining();
        dst.position(dst.limit());
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    };
    assertThat(VolumeFiles.readAtMost(zeros, 1024)).hasSize(1025);
    assertThat(VolumeFiles.readAtMost(zeros, 0)).hasSize(1);
  }

  // ---- map keys and raw objects ----

  @Test
  void mapKeyWithDotDot_cannotPointTwoOutputsAtOneRawObject() throws Exception {
    f.write("x", "the real x");
    f.write("evil", "evil");
    f.write("outputs.json", "{\"m\": {\"../x\": \"evil\"}}");
    int code = new Sidecar(UploadListener.NONE).run(
        new SidecarInput.Valid(f.request(outputs("x", FILE, "m", mapOf(FILE))), "noop"), new NoopWatcher(),
        () -> f.store);
    assertThat(code).isEqualTo(Sidecar.EXIT_FAILED);
    assertThat(f.errorDocument().getError().getMessage()).isEqualTo("output \"m\"[\"../x\"] ("
        + f.outDir.resolve("evil") + "): the name \"../x\" cannot be part of an object key under " + Fixture.RAW
        + ": a map key or output name that is empty, \".\" or \"..\", or holds \"/\", would not get an object of its own"
        + " (two values could share one); rename it");
    assertThat(f.hasOutputs()).isFalse();
    assertThat(f.store.head(DataReference.parse(Fixture.RAW + "/x"))).isEmpty();
  }

  @Test
  void mapKeysThatAreEmptyDotOrHoldASlash_areRefusedForFiles_butFineForValues() {
    f.write("v", "v");
    for (String key : List.of("", ".", "a/b", "..")) {
      f.write("outputs.json", "{\"m\": {\"" + key + "\": \"v\"}}");
      assertThatThrownBy(() -> f.upload(outputs("m", mapOf(FILE))))
          .hasMessageContaining("[\"" + key + "\"]")
          .hasMessageContaining("the name \"" + key + "\" cannot be part of an object key under " + Fixture.RAW);
    }
    f.write("outputs.json", "{\"m\": {\"../x\": 1, \"a/b\": 2, \"\": 3}}");
    LiteralMap m = f.upload(outputs("m", mapOf(INT)));
    assertThat(m.getLiteralsOrThrow("m").getMap().getLiteralsMap()).containsOnlyKeys("../x", "a/b", "");
  }

  @Test
  void twoPlannedFilesForOneReference_isAnError() {
    Path a = f.write("a", "1");
    Path b = f.write("b", "2");
    UploadPlan plan = new UploadPlan();
    VolumeFiles volume = Uploader.locator(f.request(outputs())).volume();
    plan.upload("x", a, a, Fixture.RAW + "/x", volume);
    plan.upload("m", b, b, Fixture.RAW + "/x", volume);
    assertThatThrownBy(plan::requireDistinctReferences)
        .hasMessage("output \"x\" (" + a + ") and output \"m\" (" + b + ") would both be uploaded to " + Fixture.RAW
            + "/x; rename the map keys or files so that every file gets its own object");
  }

  // ---- list directories ----

  @Test
  void listOfOptionalsWithAHugeIndex_isRefusedWithoutBuildingTheGap() {
    Path p = f.write("xs/99999999", "1");
    assertThatThrownBy(() -> f.upload(outputs("xs", listOf(union(INT, NONE)))))
        .hasMessage("output \"xs\"[99999999] (" + p + "): element index 99999999 leaves 99999999 indexes missing below"
            + " it among 1 elements; a list directory may skip at most 1000 indexes (each is none); number the"
            + " elements 0, 1, 2, ...");
  }

  @Test
  void listOfOptionalsWithGapsWithinTheLimit_isRead() {
    f.write("xs/0", "1");
    f.write("xs/1000", "2");
    LiteralMap m = f.upload(outputs("xs", listOf(union(INT, NONE))));
    assertThat(m.getLiteralsOrThrow("xs").getCollection().getLiteralsCount()).isEqualTo(1001);
  }

  private Path mkfifo(String name) throws Exception {
    Path p = f.outDir.resolve(name);
    Process proc;
    try {
      proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("mkfifo is not available: " + e.getMessage());
      throw e;
    }
    Assumptions.assumeTrue(proc.waitFor() == 0, "mkfifo failed");
    return p;
  }

  private List<String> storedContents() throws IOException {
    List<String> out = new CopyOnWriteArrayList<>();
    try (Stream<Path> walk = Files.walk(f.storeRoot)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          out.add(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }
}
