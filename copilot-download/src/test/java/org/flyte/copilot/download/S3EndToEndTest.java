package org.flyte.copilot.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.flyte.copilot.download.Literals.*;

import com.sun.net.httpserver.HttpServer;
import flyteidl.core.Literals.LiteralMap;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.storage.RoutingStore;
import org.flyte.copilot.core.storage.Stores;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** The whole download against the embedded S3 server (and a local HTTP server for https-style blobs). */
class S3EndToEndTest {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
  static HttpServer http;

  @TempDir Path tmp;

  @BeforeAll
  static void startHttp() throws Exception {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/files/", exchange -> {
      byte[] body = ("served " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
      int status = exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200;
      if (status == 404) {
        body = "<html>not found</html>".getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (!"HEAD".equals(exchange.getRequestMethod())) {
          out.write(body);
        }
      }
    });
    http.start();
  }

  @AfterAll
  static void stopHttp() {
    http.stop(0);
  }

  private static String httpUrl(String path) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + path;
  }

  private static void put(String bucket, String key, byte[] bytes) {
    S3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  private static void put(String bucket, String key, String text) {
    put(bucket, key, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyLiteralType_bigBlob_and200FileMultipart() throws Exception {
    String bucket = S3.newBucket();
    String s3 = "s3://" + bucket + "/";
    byte[] big = new byte[64 << 20];
    new Random(1).nextBytes(big);
    put(bucket, "data/big.bin", big);
    for (int i = 0; i < 200; i++) {
      put(bucket, "data/parts/" + (i % 10) + "/part-" + i + ".txt", "part " + i);
    }
    put(bucket, "data/partsibling/leak.txt", "must not be downloaded");
    put(bucket, "data/sd/00000.parquet", "sd");
    put(bucket, "data/schema/s0", "s0");
    put(bucket, "off/list.pb", collection(string("a"), string("b")).toByteArray());

    LiteralMap in = inputs(
        "i", integer(42), "f", floating(3.14), "s", string("hello\nworld"), "b", bool(true),
        "dt", datetime(1577934245, 600_000_000), "dur", duration(3723, 4_000_000), "none", none(),
        "bin", binary(new byte[] {'h', 'i'}, ""), "err", error("n0", "boom"), "g", generic(GoldenTest.struct()),
        "big", blob(s3 + "data/big.bin"), "parts", multipart(s3 + "data/parts"), "sc", schema(s3 + "data/schema"),
        "sd", dataset(s3 + "data/sd"), "u", union(integer(5)), "l", collection(integer(1), blob(s3 + "data/parts/0/part-0.txt")),
        "m", map(Map.of("k", string("v"))), "off", offloaded(s3 + "off/list.pb"),
        "web", blob(httpUrl("/files/page.txt")));
    put(bucket, "meta/inputs.pb", in.toByteArray());

    String dir = tmp.resolve("in").toString();
    try (RoutingStore store = Stores.open(S3.storageConfig(bucket))) {
      DownloadResult r = new Downloader(store).download(DownloadRequest.of(s3 + "meta/inputs.pb", dir)
          .withFormat(MetadataFormat.YAML).withConcurrency(4));
      assertThat(r.variables()).isEqualTo(19);
      assertThat(r.objectsCopied()).isEqualTo(1 + 200 + 1 + 1 + 1 + 1);
    }

    Path d = Path.of(dir);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(d.resolve("big")))))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)));
    assertThat(Fixture.files(d.resolve("parts"))).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(d.resolve("parts/" + (i % 10) + "/part-" + i + ".txt")).hasContent("part " + i);
    }
    assertThat(d.resolve("i")).hasContent("42");
    assertThat(d.resolve("f")).hasContent("3.14");
    assertThat(d.resolve("s")).hasContent("hello\nworld");
    assertThat(d.resolve("dt")).hasContent("2020-01-02T03:04:05.6Z");
    assertThat(d.resolve("dur")).hasContent("1h2m3.004s");
    assertThat(d.resolve("none")).hasContent("null");
    assertThat(d.resolve("err")).hasContent("boom");
    assertThat(d.resolve("sc/s0")).hasContent("s0");
    assertThat(d.resolve("sd/00000.parquet")).hasContent("sd");
    assertThat(d.resolve("u")).hasContent("5");
    assertThat(d.resolve("l/1")).hasContent("part 0");
    assertThat(d.resolve("m/k")).hasContent("v");
    assertThat(d.resolve("off/1")).hasContent("b");
    assertThat(d.resolve("web")).hasContent("served /files/page.txt");
    String yaml = Files.readString(d.resolve("inputs.yaml"));
    assertThat(yaml).startsWith("b: true\nbig: " + dir + "/big\nbin: aGk=\n").contains("\ndur: 3723004000000\n")
        .contains("\nparts: " + dir + "/parts\n").contains("\ns: |-\n  hello\n  world\n");
    assertThat(Fixture.readInputsPb(dir).getLiteralsOrThrow("parts").getScalar().getBlob().getUri())
        .isEqualTo(dir + "/parts");
  }

  @Test
  void httpBlobWithErrorStatus_failsNamingUrlAndStatus() {
    String bucket = S3.newBucket();
    String url = httpUrl("/files/missing");
    put(bucket, "meta/inputs.pb", inputs("page", blob(url)).toByteArray());
    Path dir = tmp.resolve("in");
    Throwable t;
    try (RoutingStore store = Stores.open(S3.storageConfig(bucket))) {
      t = catchThrowable(() -> new Downloader(store).download(
          DownloadRequest.of("s3://" + bucket + "/meta/inputs.pb", dir.toString())));
    }
    assertThat(t).isInstanceOf(DownloadException.class);
    assertThat(t.getMessage()).startsWith("variable [page]: ").contains(url).contains("404");
    assertThat(dir.resolve("page")).doesNotExist();
  }
}
