package org.flyte.copilot.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flyte.copilot.download.Literals.*;

import flyteidl.core.Literals.LiteralMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.iostrategy.DownloadMode;
import org.flyte.copilot.core.iostrategy.FileInputLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NAMED_DIR naming (docs/compatibility.md, "DIRECT and NAMED_DIR") and the download modes (D13). */
class LayoutAndModeTest {
  @TempDir Path tmp;

  private DownloadRequest named(Fixture f, LiteralMap in, String dir) {
    return DownloadRequest.of(f.putInputs(in), dir).withLayout(FileInputLayout.NAMED_DIR);
  }

  @Test
  void namedDir_singleFileGoesUnderItsOriginalName() throws Exception {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    f.download(named(f, inputs("reads", blob(f.put("runs/7/sample.fastq.gz", "R")),
        "n", integer(3)), dir));
    assertThat(Path.of(dir, "reads", "sample.fastq.gz")).hasContent("R");
    assertThat(Path.of(dir, "n")).hasContent("3");
    assertThat(Path.of(dir, "inputs.json"))
        .hasContent("{\"n\":3,\"reads\":\"" + dir + "/reads/sample.fastq.gz\"}");
    assertThat(Fixture.readInputsPb(dir).getLiteralsOrThrow("reads").getScalar().getBlob().getUri())
        .isEqualTo(dir + "/reads/sample.fastq.gz");
  }

  @Test
  void namedDir_chainOfOffloadedLiteralsToABlob_landsWhereInputsPbSays() throws Exception {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    String inner = f.put("off/inner.pb", blob(f.put("runs/7/sample.csv", "R")).toByteArray());
    String outer = f.put("off/outer.pb", offloaded(inner).toByteArray());
    f.download(named(f, inputs("x", offloaded(outer), "l", collection(offloaded(outer))), dir));
    // both walks follow the chain to the blob: the file is where inputs.pb and inputs.json point
    assertThat(Path.of(dir, "x", "sample.csv")).hasContent("R");
    assertThat(Path.of(dir, "l", "sample.csv")).hasContent("R");
    assertThat(Fixture.readInputsPb(dir).getLiteralsOrThrow("x").getScalar().getBlob().getUri())
        .isEqualTo(dir + "/x/sample.csv");
    assertThat(Path.of(dir, "inputs.json"))
        .hasContent("{\"l\":[\"" + dir + "/l/sample.csv\"],\"x\":\"" + dir + "/x/sample.csv\"}");
  }

  @Test
  void namedDir_listKeepsBaseNames() {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    f.download(named(f, inputs("fq", collection(blob(f.put("x/sample_R1.fastq.gz", "1")),
        blob(f.put("x/sample_R2.fastq.gz", "2")))), dir));
    assertThat(Fixture.files(Path.of(dir, "fq"))).containsExactly("sample_R1.fastq.gz", "sample_R2.fastq.gz");
  }

  @Test
  void namedDir_collidingBaseNamesGetTheIndexPrefix() {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    f.download(named(f, inputs(
        "reads", collection(blob(f.put("a/reads.fastq.gz", "a")), blob(f.put("b/reads.fastq.gz", "b"))),
        "abc", collection(blob(f.put("p/a", "1")), blob(f.put("p/b", "2")), blob(f.put("q/a", "3")))), dir));
    assertThat(Path.of(dir, "reads", "reads.fastq.gz")).hasContent("a");
    assertThat(Path.of(dir, "reads", "1_reads.fastq.gz")).hasContent("b");
    assertThat(Fixture.files(Path.of(dir, "abc"))).containsExactly("2_a", "a", "b");
    assertThat(Path.of(dir, "abc", "2_a")).hasContent("3");
  }

  @Test
  void namedDir_leavesOtherKindsAlone() {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    f.put("mp/one.txt", "1");
    f.download(named(f, inputs("mp", multipart("file://bucket/mp"), "u", union(blob(f.put("u/file.bin", "u"))),
        "m", map(Map.of("k", blob(f.put("m/data.csv", "d"))))), dir));
    assertThat(Path.of(dir, "mp", "one.txt")).hasContent("1");
    assertThat(Path.of(dir, "u")).hasContent("u");
    // a map entry that is a single blob gets its own directory, at any depth
    assertThat(Path.of(dir, "m", "k", "data.csv")).hasContent("d");
  }

  @Test
  void direct_listOfFilesUsesIndexes() {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    f.download(DownloadRequest.of(f.putInputs(inputs("fq", collection(blob(f.put("x/a.gz", "1")),
        blob(f.put("x/b.gz", "2"))))), dir));
    assertThat(Fixture.files(Path.of(dir, "fq"))).containsExactly("0", "1");
  }

  @Test
  void doNotDownload_writesPrimitivesAndLeavesBlobsRemote() throws Exception {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    String blobUri = f.put("data/a.csv", "a");
    f.put("data/mp/x", "x");
    LiteralMap in = inputs("b", blob(blobUri), "mp", multipart("file://bucket/data/mp"), "n", integer(1),
        "sd", dataset("file://bucket/data/mp"), "sc", schema("file://bucket/data/mp"));
    f.download(DownloadRequest.of(f.putInputs(in), dir).withMode(DownloadMode.DO_NOT_DOWNLOAD)
        .withLayout(FileInputLayout.NAMED_DIR));
    assertThat(Fixture.files(Path.of(dir))).containsExactly("inputs.json", "inputs.pb", "n");
    assertThat(Path.of(dir, "inputs.json")).hasContent("{\"b\":\"file://bucket/data/a.csv\","
        + "\"mp\":\"file://bucket/data/mp\",\"n\":1,\"sc\":\"file://bucket/data/mp\",\"sd\":\"file://bucket/data/mp\"}");
    LiteralMap pb = Fixture.readInputsPb(dir);
    assertThat(pb.getLiteralsOrThrow("b")).isEqualTo(blob(blobUri));
    assertThat(pb.getLiteralsOrThrow("mp")).isEqualTo(multipart("file://bucket/data/mp"));
  }

  @Test
  void downloadStream_behavesAsEager() {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    f.download(DownloadRequest.of(f.putInputs(inputs("b", blob(f.put("d/a", "A")))), dir)
        .withMode(DownloadMode.DOWNLOAD_STREAM));
    assertThat(Path.of(dir, "b")).hasContent("A");
  }

  @Test
  void multipart_emptyListingMakesAnEmptyDirectory_andNestedPathsAreKept() throws Exception {
    Fixture f = new Fixture(tmp);
    String dir = f.localDir("in");
    f.put("d/abcdef/leak.txt", "sibling");
    f.put("d/x/a/b/c.txt", "c");
    f.put("d/x/top.txt", "t");
    DownloadResult r = f.download(DownloadRequest.of(f.putInputs(inputs("empty", multipart("file://bucket/d/abc"),
        "x", multipart("file://bucket/d/x/"), "el", collection())), dir));
    assertThat(Path.of(dir, "empty")).isEmptyDirectory();
    assertThat(Path.of(dir, "el")).isEmptyDirectory();
    assertThat(Fixture.files(Path.of(dir, "x"))).containsExactly("a/b/c.txt", "top.txt");
    assertThat(r.objectsCopied()).isEqualTo(2);
    assertThat(r.bytesCopied()).isEqualTo(2);
    assertThat(Path.of(dir, "inputs.json")).hasContent("{\"el\":[],\"empty\":\"" + dir + "/empty\",\"x\":\"" + dir + "/x\"}");
  }

  @Test
  void manyFilesWithSmallConcurrency_allArriveAndNoTemporaryFilesRemain() throws Exception {
    Fixture f = new Fixture(tmp);
    for (int i = 0; i < 120; i++) {
      f.put("many/f" + i, "content " + i);
    }
    String dir = f.localDir("in");
    DownloadResult r = f.download(DownloadRequest.of(f.putInputs(inputs("many", multipart("file://bucket/many"))), dir)
        .withConcurrency(2));
    assertThat(r.objectsCopied()).isEqualTo(120);
    for (int i = 0; i < 120; i++) {
      assertThat(Path.of(dir, "many", "f" + i)).hasContent("content " + i);
    }
    try (var s = Files.walk(Path.of(dir))) {
      assertThat(s.map(Path::toString).filter(p -> p.endsWith(LocalFiles.TEMP_SUFFIX))).isEmpty();
    }
  }

  @Test
  void rerunIntoTheSameDirectory_removesTheTemporaryFilesOfAKilledRun_butNothingBehindALink() throws Exception {
    Fixture f = new Fixture(tmp);
    f.put("many/a", "A");
    Path dir = Path.of(f.localDir("in"));
    // what a run killed with SIGKILL leaves: its work folder with partial files (and, from older
    // versions, temporary files next to their targets, some inside a multipart input's directory)
    Path killed = Files.createDirectories(dir.resolve(LocalFiles.WORK_PREFIX + "k1ll3d"));
    Files.writeString(killed.resolve("1-big" + LocalFiles.TEMP_SUFFIX), "x".repeat(1000));
    Files.createDirectories(dir.resolve("many"));
    Files.writeString(dir.resolve(".big.k3j9" + LocalFiles.TEMP_SUFFIX), "x".repeat(1000));
    Files.writeString(dir.resolve("many/.b.zz1" + LocalFiles.TEMP_SUFFIX), "partial");
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path theirs = Files.writeString(outside.resolve(".keep.q" + LocalFiles.TEMP_SUFFIX), "not ours");
    Files.createSymbolicLink(dir.resolve("link"), outside);
    Files.createSymbolicLink(dir.resolve(LocalFiles.WORK_PREFIX + "link"), outside);

    f.download(DownloadRequest.of(f.putInputs(inputs("many", multipart("file://bucket/many"))), dir.toString()));

    // exactly the expected files: the input, the metadata files and the user's links; no work folder
    assertThat(Fixture.files(dir)).containsExactly("inputs.json", "inputs.pb", "many/a");
    try (var top = Files.list(dir)) {
      assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("inputs.json", "inputs.pb",
          "many", "link", LocalFiles.WORK_PREFIX + "link");
    }
    assertThat(dir.resolve("many/a")).hasContent("A");
    assertThat(theirs).as("a link out of the input directory is not followed").hasContent("not ours");
  }

  @Test
  void filesAreWrittenInOneHiddenWorkFolder_neverNextToTheTaskFiles() throws Exception {
    Fixture f = new Fixture(tmp);
    f.put("many/a", "A");
    Path dir = Path.of(f.localDir("in"));
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ObjectStore watching = new org.flyte.copilot.core.testing.ForwardingStore(f.store) {
      @Override
      public java.io.InputStream readRange(DataReference ref, long offset, long length, String etag) {
        try (var s = Files.walk(dir)) {
          s.filter(Files::isRegularFile).forEach(p -> seen.add(dir.relativize(p).toString()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return delegate.readRange(ref, offset, length, etag);
      }
    };
    f.download(watching, DownloadRequest.of(f.putInputs(inputs("many", multipart("file://bucket/many"),
        "s", Literals.string("text"))), dir.toString()));
    assertThat(seen).allMatch(p -> !p.endsWith(LocalFiles.TEMP_SUFFIX) || p.startsWith(LocalFiles.WORK_PREFIX));
    assertThat(Fixture.files(dir)).containsExactly("inputs.json", "inputs.pb", "many/a", "s");
    try (var top = Files.list(dir)) {
      assertThat(top.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(LocalFiles.WORK_PREFIX));
    }
  }

  @Test
  void relativeLocalDir_pathsAreCleanedAsGoDoes() {
    assertThat(GoPaths.join("./inputs", "x")).isEqualTo("inputs/x");
    assertThat(GoPaths.join("/var/flyte/inputs/", "x")).isEqualTo("/var/flyte/inputs/x");
    assertThat(GoPaths.join("", "x")).isEqualTo("x");
    assertThat(GoPaths.base("s3://b/a/file.csv")).isEqualTo("file.csv");
    assertThat(GoPaths.base("https://h/f.txt?sig=1")).isEqualTo("f.txt?sig=1");
    assertThat(GoPaths.base("s3://b/dir/")).isEqualTo("dir");
    assertThat(GoPaths.base("")).isEqualTo(".");
  }
}
