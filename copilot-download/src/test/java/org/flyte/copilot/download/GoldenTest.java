package org.flyte.copilot.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flyte.copilot.download.Literals.*;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import org.flyte.copilot.core.testing.SampleStructs;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per literal type: the files, inputs.json and inputs.yaml must equal the golden files
 * under {@code src/test/resources/golden/<case>/} byte for byte (docs/compatibility.md, "Input files per
 * literal kind", "Metadata files").
 */
class GoldenTest {
  @TempDir Path tmp;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("integer", (Function<Fixture, LiteralMap>) f -> inputs(
            "x", integer(42), "y", integer(-7), "big", integer(Long.MAX_VALUE))),
        Arguments.of("float", (Function<Fixture, LiteralMap>) f -> inputs(
            "f1", floating(1), "f2", floating(3.14), "f3", floating(1e21), "f4", floating(1e-7),
            "nan", floating(Double.NaN), "pinf", floating(Double.POSITIVE_INFINITY),
            "ninf", floating(Double.NEGATIVE_INFINITY), "negzero", floating(-0.0), "max", floating(Double.MAX_VALUE))),
        Arguments.of("string", (Function<Fixture, LiteralMap>) f -> inputs(
            "s", string("hello\nworld"), "empty", string(""), "html", string("<a&b>"),
            "uni", string("héllo 😀"), "yes", string("yes"))),
        Arguments.of("boolean", (Function<Fixture, LiteralMap>) f -> inputs("t", bool(true), "f", bool(false))),
        Arguments.of("datetime", (Function<Fixture, LiteralMap>) f -> inputs(
            "dt", datetime(1577934245, 600_000_000), "dt0", datetime(1577934245, 0),
            "dtn", datetime(1577934245, 123_456_789))),
        Arguments.of("duration", (Function<Fixture, LiteralMap>) f -> inputs(
            "d1", duration(3723, 4_000_000), "d0", duration(0, 0), "dneg", duration(-1, 0),
            "dus", duration(0, 1500), "d26", duration(26 * 3600, 0))),
        Arguments.of("none", (Function<Fixture, LiteralMap>) f -> inputs("void", none(), "nullprim", nullPrimitive())),
        Arguments.of("binary", (Function<Fixture, LiteralMap>) f -> inputs(
            "raw", binary(new byte[] {'h', 'i', 0, (byte) 0xff}, ""),
            "msg", binary(HexFormat.of().parseHex("82a16101a16292c3c0"), "msgpack"))),
        Arguments.of("error", (Function<Fixture, LiteralMap>) f -> inputs("e", error("n0", "boom <x>"))),
        Arguments.of("generic", (Function<Fixture, LiteralMap>) f -> inputs("g", generic(struct()))),
        Arguments.of("blob_single", (Function<Fixture, LiteralMap>) f -> inputs(
            "blob", blob(f.put("data/a.csv", "a,b\n1,2\n")))),
        Arguments.of("blob_multipart", (Function<Fixture, LiteralMap>) f -> {
          f.put("data/part/x.txt", "x");
          f.put("data/part/nested/deep/y.txt", "yy");
          f.put("data/partition/sibling.txt", "must not be downloaded (D8)");
          return inputs("mp", multipart("file://bucket/data/part"));
        }),
        Arguments.of("schema", (Function<Fixture, LiteralMap>) f -> {
          f.put("sch/part-0.parquet", "p0");
          f.put("sch/part-1.parquet", "p1");
          return inputs("sc", schema("file://bucket/sch/"));
        }),
        Arguments.of("structured_dataset", (Function<Fixture, LiteralMap>) f -> {
          f.put("sd/dir/00000", "row0");
          return inputs("sd_dir", dataset("file://bucket/sd/dir"),
              "sd_file", dataset(f.put("sd/one.parquet", "single")));
        }),
        Arguments.of("union", (Function<Fixture, LiteralMap>) f -> inputs(
            "u_int", union(integer(5)), "u_blob", union(blob(f.put("u/b.bin", "blob-in-union"))))),
        Arguments.of("collection", (Function<Fixture, LiteralMap>) f -> inputs(
            "l", collection(string("a"), string("b")),
            "nested", collection(collection(integer(1), integer(2)), collection(integer(3))),
            "files", collection(blob(f.put("c/r1.fastq", "f0")), blob(f.put("c/r2.fastq", "f1"))))),
        Arguments.of("map", (Function<Fixture, LiteralMap>) f -> inputs(
            "m", map(Map.of("k", string("v"), "inner", map(Map.of("n", integer(7))))))),
        Arguments.of("offloaded", (Function<Fixture, LiteralMap>) f -> inputs(
            "big", offloaded(f.put("off/big.pb", collection(string("a"), string("b")).toByteArray())),
            "inlist", collection(offloaded(f.put("off/one.pb", integer(1).toByteArray())), integer(2)),
            "inunion", union(offloaded(f.put("off/nine.pb", integer(9).toByteArray()))))));
  }

  static Struct struct() {
    return SampleStructs.everyKind()
        .putFields("h", Value.newBuilder().setStringValue("<&>").build())
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void download_matchesGoldenFiles(String name, Function<Fixture, LiteralMap> build) throws Exception {
    Fixture f = new Fixture(tmp);
    LiteralMap in = build.apply(f);
    String remote = f.putInputs(in);

    String jsonDir = f.localDir("json");
    f.download(DownloadRequest.of(remote, jsonDir));
    Fixture.assertMatchesGolden(name, jsonDir, "inputs.json");

    String yamlDir = f.localDir("yaml");
    f.download(DownloadRequest.of(remote, yamlDir).withFormat(MetadataFormat.YAML));
    Fixture.assertMatchesGolden(name, yamlDir, "inputs.yaml");
    assertThat(Path.of(yamlDir, "inputs.json")).doesNotExist();

    String protoDir = f.localDir("proto");
    f.download(DownloadRequest.of(remote, protoDir).withFormat(MetadataFormat.PROTO));
    assertThat(Fixture.files(Path.of(protoDir))).contains("inputs.pb").doesNotContain("inputs.json", "inputs.yaml");

    // inputs.pb is the input map with local paths; same variables, parses back
    LiteralMap pb = Fixture.readInputsPb(jsonDir);
    assertThat(pb.getLiteralsMap().keySet()).isEqualTo(in.getLiteralsMap().keySet());
  }

  @Test
  void inputsPb_keepsPrimitivesAndRewritesBlobUris() {
    Fixture f = new Fixture(tmp);
    String blobUri = f.put("data/a.csv", "a");
    Literal hashed = integer(42).toBuilder().setHash("abc").putMetadata("k", "v").build();
    LiteralMap in = inputs("x", hashed, "b", blob(blobUri), "u", union(integer(5)), "l", collection(string("a")),
        "m", map(Map.of()), "off", offloaded(f.put("off/s.pb", string("s").toByteArray())));
    String dir = f.localDir("out");
    f.download(DownloadRequest.of(f.putInputs(in), dir));

    LiteralMap pb = Fixture.readInputsPb(dir);
    assertThat(pb.getLiteralsOrThrow("x")).isEqualTo(integer(42)); // hash and metadata dropped, as Go does
    assertThat(pb.getLiteralsOrThrow("b")).isEqualTo(Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setBlob(Blob.newBuilder().setUri(dir + "/b").setMetadata(blobMetadata("csv", BlobDimensionality.SINGLE))))
        .build());
    assertThat(pb.getLiteralsOrThrow("u")).isEqualTo(union(integer(5)));
    assertThat(pb.getLiteralsOrThrow("l")).isEqualTo(collection(string("a")));
    assertThat(pb.getLiteralsOrThrow("m").hasMap()).isTrue();
    assertThat(pb.getLiteralsOrThrow("m").getMap().getLiteralsCount()).isZero();
    assertThat(pb.getLiteralsOrThrow("off")).isEqualTo(string("s"));
  }

  @Test
  void emptyInputMap_writesEmptyInputsPbAndEmptyObject() throws Exception {
    Fixture f = new Fixture(tmp);
    String remote = f.putInputs(LiteralMap.getDefaultInstance());
    String dir = f.localDir("json");
    DownloadResult r = f.download(DownloadRequest.of(remote, dir));
    assertThat(r.variables()).isZero();
    assertThat(Files.readAllBytes(Path.of(dir, "inputs.pb"))).isEmpty();
    assertThat(Path.of(dir, "inputs.json")).hasContent("{}");
    String ydir = f.localDir("yaml");
    f.download(DownloadRequest.of(remote, ydir).withFormat(MetadataFormat.YAML));
    assertThat(Files.readString(Path.of(ydir, "inputs.yaml"))).isEqualTo("{}\n");
  }
}
