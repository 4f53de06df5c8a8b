package org.flyte.copilot.core.storage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HttpStore against a JDK HTTP server on 127.0.0.1. */
class HttpStoreTest {
  private static final byte[] DATA = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private static HttpServer server;
  private static String base;
  private static final List<String> requests = new CopyOnWriteArrayList<>();
  private final HttpStore store = new HttpStore(Duration.ofSeconds(10));

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", HttpStoreTest::handle);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @BeforeEach
  void clear() {
    requests.clear();
  }

  private static void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    String range = ex.getRequestHeaders().getFirst("Range");
    requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().toString() + (range == null ? "" : " " + range));
    try (ex) {
      switch (path) {
        case "/data/blob.bin", "/signed/blob.bin" -> {
          if (path.startsWith("/signed") && (query == null || !query.contains("X-Amz-Signature=s3cr3t"))) {
            send(ex, 403, new byte[0]);
            return;
          }
          ex.getResponseHeaders().add("ETag", "\"etag-1\"");
          ex.getResponseHeaders().add("Accept-Ranges", "bytes");
          if (range != null && range.startsWith("bytes=")) {
            String[] se = range.substring(6).split("-");
            int start = Integer.parseInt(se[0]);
            int end = Math.min(Integer.parseInt(se[1]), DATA.length - 1);
            if (start >= DATA.length) {
              ex.getResponseHeaders().add("Content-Range", "bytes */" + DATA.length);
              send(ex, 416, new byte[0]);
              return;
            }
            ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + end + "/" + DATA.length);
            byte[] part = java.util.Arrays.copyOfRange(DATA, start, end + 1);
            send(ex, 206, part);
            return;
          }
          send(ex, 200, DATA);
        }
        case "/moved" -> {
          ex.getResponseHeaders().add("Location", "/data/blob.bin");
          send(ex, 302, new byte[0]);
        }
        case "/nohead/blob.bin" -> {
          if (ex.getRequestMethod().equals("HEAD")) {
            send(ex, 405, new byte[0]);
          } else {
            send(ex, 200, DATA); // ignores Range
          }
        }
        case "/space/my file.txt" -> send(ex, 200, "spaced".getBytes(StandardCharsets.UTF_8));
        case "/broken" -> send(ex, 500, "oops: stack trace".getBytes(StandardCharsets.UTF_8));
        default -> send(ex, 404, "<html>not here</html>".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    if (head) {
      ex.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
    }
    ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void read_200_givesTheBody() throws IOException {
    assertThat(readAll(store.read(DataReference.parse(base + "/data/blob.bin")))).isEqualTo(DATA);
  }

  @Test
  void head_givesSizeAndEtag() {
    ObjectInfo info = store.head(DataReference.parse(base + "/data/blob.bin")).orElseThrow();
    assertThat(info.size()).isEqualTo(DATA.length);
    assertThat(info.etag()).isEqualTo("etag-1");
    assertThat(store.head(DataReference.parse(base + "/missing"))).isEmpty();
  }

  @Test
  void head_notAllowed_fallsBackToARangedGet() {
    ObjectInfo info = store.head(DataReference.parse(base + "/nohead/blob.bin")).orElseThrow();
    assertThat(info.size()).isEqualTo(DATA.length);
  }

  @Test
  void read_404_isNotFoundNamingUrlAndStatus() {
    String url = base + "/missing/file.txt";
    assertThatThrownBy(() -> store.read(DataReference.parse(url)))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessage("read " + url + ": HTTP status 404 Not Found");
  }

  @Test
  void read_500_isTransientNamingUrlAndStatus_andTheBodyIsNotData() {
    String url = base + "/broken";
    assertThatThrownBy(() -> store.readTo(DataReference.parse(url), tmp.resolve("out")))
        .isInstanceOf(StorageException.class)
        .hasMessage("read " + url + ": HTTP status 500 Internal Server Error")
        .satisfies(e -> assertThat(((StorageException) e).isTransient()).isTrue());
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void readRange_sendsARangeHeader() throws IOException {
    DataReference ref = DataReference.parse(base + "/data/blob.bin");
    assertThat(new String(readAll(store.readRange(ref, 3, 4)), StandardCharsets.UTF_8)).isEqualTo("3456");
    assertThat(requests).contains("GET /data/blob.bin bytes=3-6");
    assertThat(new String(readAll(store.readRange(ref, 14, 10)), StandardCharsets.UTF_8)).isEqualTo("ef");
    assertThat(readAll(store.readRange(ref, 16, 4))).isEmpty();
  }

  @Test
  void readRange_ignoredByServer_isCutClientSide() throws IOException {
    DataReference ref = DataReference.parse(base + "/nohead/blob.bin");
    assertThat(new String(readAll(store.readRange(ref, 10, 3)), StandardCharsets.UTF_8)).isEqualTo("abc");
  }

  @Test
  void redirects_areFollowed() throws IOException {
    assertThat(readAll(store.read(DataReference.parse(base + "/moved")))).isEqualTo(DATA);
  }

  @Test
  void query_isSentUnchanged_butHiddenInErrors() throws IOException {
    String signed = base + "/signed/blob.bin?X-Amz-Expires=60&X-Amz-Signature=s3cr3t";
    assertThat(readAll(store.read(DataReference.parse(signed)))).isEqualTo(DATA);
    assertThat(requests).contains("GET /signed/blob.bin?X-Amz-Expires=60&X-Amz-Signature=s3cr3t");

    String wrong = base + "/signed/blob.bin?X-Amz-Signature=forged";
    assertThatThrownBy(() -> store.read(DataReference.parse(wrong)))
        .hasMessage("read " + base + "/signed/blob.bin?X-Amz-Signature=REDACTED: HTTP status 403 Forbidden");
  }

  @Test
  void pathWithSpace_isEncoded() throws IOException {
    assertThat(readAll(store.read(DataReference.parse(base + "/space/my%20file.txt"))))
        .isEqualTo("spaced".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesListsAndDeletes_areRejectedAsReadOnly() throws IOException {
    DataReference ref = DataReference.parse(base + "/data/new.bin");
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertThatThrownBy(() -> store.write(ref, file))
        .hasMessage("write from " + file + " " + ref + ": HTTP(S) storage is read-only");
    assertThatThrownBy(() -> store.write(ref, new byte[1])).hasMessageEndingWith("HTTP(S) storage is read-only");
    assertThatThrownBy(() -> store.listPage(ref, null, 10)).hasMessageEndingWith("HTTP(S) storage is read-only");
    assertThatThrownBy(() -> store.delete(ref)).hasMessageEndingWith("HTTP(S) storage is read-only");
  }

  @Test
  void connectionRefused_isTransientNamingTheUrl() throws IOException {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/x";
    assertThatThrownBy(() -> store.read(DataReference.parse(url)))
        .hasMessageStartingWith("read " + url + ": I/O error: ")
        .satisfies(e -> assertThat(((StorageException) e).isTransient()).isTrue());
  }
}
