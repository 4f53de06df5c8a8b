package org.flyte.copilot.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** S3Store configuration and failure texts, against the embedded server and a misbehaving one. */
class S3StoreTest {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();

  @TempDir Path tmp;

  private static StowConfig stow(Map<String, String> overrides) {
    return S3.stowConfig(overrides);
  }

  @Test
  void missingBucket_isNamedForEveryOperation() {
    S3Store store = S3.store();
    DataReference ref = DataReference.parse("s3://no-such-bucket/some/key.txt");
    String expected = "bucket no-such-bucket does not exist";

    assertThatThrownBy(() -> store.read(ref)).isInstanceOf(StorageException.class)
        .isNotInstanceOf(ObjectNotFoundException.class)
        .hasMessage("read s3://no-such-bucket/some/key.txt: " + expected);
    assertThatThrownBy(() -> store.head(ref)).hasMessage("head s3://no-such-bucket/some/key.txt: " + expected);
    assertThatThrownBy(() -> store.write(ref, new byte[] {1}))
        .hasMessage("write s3://no-such-bucket/some/key.txt: " + expected);
    assertThatThrownBy(() -> store.list(DataReference.parse("s3://no-such-bucket/some")).toList())
        .hasMessage("list s3://no-such-bucket/some: " + expected);
  }

  @Test
  void wrongSecret_givesAccessDeniedNamingTheReference() {
    S3Store wrong = S3Store.fromStow(stow(Map.of("secret_key", "not-the-secret")), "storage.stow");
    DataReference ref = DataReference.parse("s3://" + S3.bucket("creds") + "/k.txt");
    try (wrong) {
      assertThatThrownBy(() -> wrong.read(ref))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("read s3://creds/k.txt: 403 AccessDenied")
          .hasMessageContaining("check the credentials of storage.stow")
          .hasMessageNotContaining("not-the-secret")
          .satisfies(e -> assertThat(((StorageException) e).isTransient()).isFalse());
    }
  }

  @Test
  void readTimeoutAndUploadChecksum_areReadAndChecked() {
    S3StoreConfig c = S3Store.fromStow(stow(Map.of("read_timeout", "3s", "upload_checksum", "MD5")), "storage.stow").config();
    assertThat(c.readTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(c.checksum()).isEqualTo(S3Checksums.MD5);
    S3StoreConfig d = S3Store.fromStow(stow(Map.of()), "storage.stow").config();
    assertThat(d.readTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(d.checksum()).isEqualTo(S3Checksums.CRC32C);
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("read_timeout", "soon")), "storage.stow"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("storage.stow.config.read_timeout: invalid read_timeout [soon]");
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("upload_checksum", "sha1")), "storage.stow"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("storage.stow.config.upload_checksum: invalid upload_checksum [sha1]; allowed: crc32c "
            + "(x-amz-checksum-crc32c, the default), md5 (Content-MD5), none");
  }

  @Test
  void missingAccessKey_namesTheKey() {
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("access_key_id", "")), "storage.stow"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage.stow.config.access_key_id: missing Access Key ID")
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("storage.stow.config.access_key_id");
  }

  @Test
  void missingSecret_namesTheKey_andEmptyAuthTypeMeansAccessKey() {
    Map<String, String> o = new HashMap<>();
    o.put("secret_key", null);
    o.put("auth_type", null);
    assertThatThrownBy(() -> S3Store.fromStow(stow(o), "storage.schemes.s3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage.schemes.s3.config.secret_key: missing Secret Key");
  }

  @Test
  void iamAuth_needsNoKeys_andConstructsWithoutNetwork() {
    S3Store store = S3Store.fromStow(new StowConfig("s3", Map.of("auth_type", "iam")), "storage.schemes.s3");
    try (store) {
      assertThat(store.config().authType()).isEqualTo(S3StoreConfig.AuthType.IAM);
      assertThat(store.config().region()).isEqualTo("us-east-1");
      assertThat(store.config().endpoint()).isNull();
    }
  }

  @Test
  void secretKeyPath_isReadAndTrimmed() throws IOException {
    Path secret = tmp.resolve("secret");
    Files.writeString(secret, "  " + EmbeddedS3.SECRET_KEY + "\n");
    Map<String, String> o = new HashMap<>();
    o.put("secret_key", null);
    o.put("secret_key_path", secret.toString());
    DataReference ref = DataReference.parse("s3://" + S3.bucket("secret-path") + "/k.txt");
    try (S3Store store = S3Store.fromStow(stow(o), "storage.stow")) {
      store.write(ref, "ok".getBytes(StandardCharsets.UTF_8));
      assertThat(store.readAllBytes(ref)).asString(StandardCharsets.UTF_8).isEqualTo("ok");
    }
  }

  @Test
  void secretKeyPath_missingFile_namesKeyAndPath() {
    Path missing = tmp.resolve("no-secret-here");
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("secret_key_path", missing.toString())), "storage.stow"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("storage.stow.config.secret_key_path: secret key path does not exist: " + missing);
  }

  @Test
  void badEndpointRegionAndAuthType_nameTheirKeys() {
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("endpoint", "http://[bad")), "storage.stow"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage.stow.config.endpoint: invalid endpoint [http://[bad]");
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("endpoint", "ftp://host:21")), "storage.stow"))
        .hasMessageStartingWith("storage.stow.config.endpoint: invalid endpoint [ftp://host:21]");
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("region", "Europe West")), "storage.stow"))
        .hasMessageStartingWith("storage.stow.config.region: invalid region [Europe West]");
    assertThatThrownBy(() -> S3Store.fromStow(stow(Map.of("auth_type", "password")), "storage.stow"))
        .hasMessage("storage.stow.config.auth_type: invalid auth_type [password]; allowed: accesskey, iam");
  }

  @Test
  void endpointWithoutScheme_takesItFromDisableSsl() {
    assertThat(S3StoreConfig.fromStow(stow(Map.of("endpoint", "minio:9000", "disable_ssl", "true")), "s")
        .endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(S3StoreConfig.fromStow(stow(Map.of("endpoint", "minio:9000", "disable_ssl", "false")), "s")
        .endpoint()).isEqualTo(URI.create("https://minio:9000"));
    assertThat(S3StoreConfig.fromStow(stow(Map.of("v2_signing", "true")), "s").endpoint())
        .isEqualTo(S3.endpoint());
  }

  @Test
  void config_toStringHidesSecrets() {
    S3StoreConfig c = S3StoreConfig.fromStow(stow(Map.of("token", "session-token-value")), "storage.stow");
    assertThat(c.toString()).doesNotContain(EmbeddedS3.SECRET_KEY).doesNotContain("session-token-value");
  }

  @Test
  void connectionRefused_isTransientAndNamesTheEndpoint() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    S3Store store = S3Store.fromStow(stow(Map.of("endpoint", "http://127.0.0.1:" + port)), "storage.stow");
    try (store) {
      assertThatThrownBy(() -> store.read(DataReference.parse("s3://bucket/k")))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("read s3://bucket/k: I/O error talking to http://127.0.0.1:" + port)
          .satisfies(e -> assertThat(((StorageException) e).isTransient()).isTrue());
    }
  }

  @Test
  void serverError_isTransientWithStatusAndCode() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = serve(exchange -> {
      calls.incrementAndGet();
      byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
          + "<Message>We encountered an internal error.</Message></Error>").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/xml");
      exchange.sendResponseHeaders(500, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    try (S3Store store = storeAt(server)) {
      assertThatThrownBy(() -> store.read(DataReference.parse("s3://bucket/k")))
          .hasMessage("read s3://bucket/k: 500 InternalError: We encountered an internal error.")
          .satisfies(e -> assertThat(((StorageException) e).isTransient()).isTrue());
      assertThat(calls.get()).as("the SDK retried").isGreaterThan(1);
    } finally {
      server.stop(0);
    }
  }

  /** A started HTTP server on 127.0.0.1 answering every request with {@code handler}. */
  private static HttpServer serve(HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", handler);
    server.start();
    return server;
  }

  /** An S3 store whose endpoint is {@code server}. */
  private static S3Store storeAt(HttpServer server) {
    return S3Store.fromStow(stow(Map.of("endpoint", "http://127.0.0.1:" + server.getAddress().getPort())),
        "storage.stow");
  }

  @Test
  void referenceWithoutKey_isRejectedBeforeAnyRequest() {
    assertThatThrownBy(() -> S3.store().read(DataReference.parse("s3://bucket")))
        .hasMessage("read s3://bucket/: the reference names a bucket, not an object");
  }

  @Test
  void rangeIgnoredByServer_isCutClientSide() throws IOException {
    HttpServer server = serve(exchange -> {
      byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    try (S3Store store = storeAt(server)) {
      byte[] got = store.readRange(DataReference.parse("s3://bucket/k"), 3, 4).readAllBytes();
      assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo("3456");
    } finally {
      server.stop(0);
    }
  }
}
