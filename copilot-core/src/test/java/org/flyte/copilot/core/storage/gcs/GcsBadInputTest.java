package org.flyte.copilot.core.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.ConnectionConfig;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration and failing servers: each is one line naming the config key or the reference,
 * and no message ever carries key material.
 */
class GcsBadInputTest {
  private static String privateKeyPem;
  private static String privateKeyBody;

  @TempDir Path tmp;
  private GcsRecorder recorder;

  @BeforeAll
  static void makeKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    privateKeyBody = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(g.generateKeyPair().getPrivate().getEncoded());
    privateKeyPem = "-----BEGIN PRIVATE KEY-----\n" + privateKeyBody + "\n-----END PRIVATE KEY-----\n";
  }

  @BeforeEach
  void start() throws Exception {
    recorder = new GcsRecorder();
  }

  @AfterEach
  void stop() {
    recorder.close();
  }

  private String serviceAccountJson(String privateKey) {
    return "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"k1\",\"private_key\":\""
        + privateKey.replace("\n", "\\n") + "\",\"client_email\":\"copilot@p.iam.gserviceaccount.com\","
        + "\"client_id\":\"1234\",\"token_uri\":\"" + recorder.endpoint() + "/token\"}";
  }

  private static StowConfig google(Map<String, String> config) {
    return new StowConfig("google", config);
  }

  private static Map<String, String> with(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A message is one line and holds no piece of the private key. */
  private static void assertSafe(Throwable t) {
    assertThat(t.getMessage()).doesNotContain("\n").doesNotContain("PRIVATE KEY");
    for (String line : privateKeyBody.split("\n")) {
      assertThat(t.getMessage()).doesNotContain(line.substring(0, Math.min(16, line.length())));
    }
  }

  @Test
  void missingProjectId_namesTheKey() {
    assertThatThrownBy(() -> GcsStore.open(google(with("json", "")), "storage.stow"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("storage.stow.config.project_id: missing Project ID: stow.kind google needs project_id "
            + "(the project that owns the buckets)")
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("storage.stow.config.project_id");
  }

  @Test
  void missingProjectId_throughStores_namesTheKey() {
    StorageConfig config = new StorageConfig("stow", "bkt", false, google(with("json", "")),
        new ConnectionConfig("", "", "", "", "", false), 0, Duration.ZERO, Map.of());
    assertThatThrownBy(() -> Stores.open(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("storage.stow.config.project_id: missing Project ID");
  }

  @Test
  void inlineKeyThatIsNotJson_namesTheKeyAndPosition_withoutEchoingIt() {
    String json = "{\"type\": \"service_account\", \"private_key\": " + privateKeyPem + "}";
    Throwable t = catchConfig(with("project_id", "p", "json", json));
    assertThat(t).hasMessageStartingWith("storage.stow.config.json: malformed service-account key: the inline key "
        + "is not valid JSON (line 1, column ");
    assertSafe(t);
  }

  @Test
  void keyWithoutType_isRejected() {
    Throwable t = catchConfig(with("project_id", "p", "json", "{\"private_key\":\"x\"}"));
    assertThat(t).hasMessage("storage.stow.config.json: malformed service-account key: the inline key has no "
        + "\"type\" field (expected \"service_account\" or another Google credentials type)");
  }

  @Test
  void serviceAccountKeyWithoutPrivateKey_namesTheMissingField() {
    Throwable t = catchConfig(with("project_id", "p", "json",
        "{\"type\":\"service_account\",\"client_email\":\"a@b.c\"}"));
    assertThat(t).hasMessage("storage.stow.config.json: malformed service-account key: the inline key "
        + "(type service_account) lacks private_key");
  }

  @Test
  void privateKeyThatIsNotPem_isRejected_withoutEchoingIt() {
    Throwable t = catchConfig(with("project_id", "p", "json", serviceAccountJson(privateKeyBody)));
    assertThat(t).hasMessage("storage.stow.config.json: malformed service-account key: the inline key has a "
        + "private_key that is not a PEM block (-----BEGIN PRIVATE KEY-----)");
    assertThat(t.getMessage()).doesNotContain(privateKeyBody.substring(0, 16));
  }

  @Test
  void corruptPrivateKey_failsAtFirstUse_namingTheKey_withoutEchoingIt() {
    String broken = "-----BEGIN PRIVATE KEY-----\n" + privateKeyBody.substring(0, 200) + "\n-----END PRIVATE KEY-----\n";
    GcsStore store = recorder.store(with("json", serviceAccountJson(broken)));
    try (store) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> store.head(DataReference.parse("gs://bkt/k")));
      assertThat(t).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("storage.stow.config.json: malformed service-account key: inline key could not be "
              + "loaded: ");
      assertSafe(t);
    }
  }

  @Test
  void keyFileThatDoesNotExist_namesThePath() {
    Throwable t = catchConfig(with("project_id", "p", "json", "/var/secrets/google/key.json"));
    assertThat(t).hasMessage("storage.stow.config.json: is neither inline JSON (starting with '{') nor an existing "
        + "key file [/var/secrets/google/key.json]");
  }

  @Test
  void valueThatIsNeitherJsonNorAPath_isNotEchoed() {
    String secretish = Base64.getEncoder().encodeToString(serviceAccountJson(privateKeyPem).getBytes());
    Throwable t = catchConfig(with("project_id", "p", "json", secretish));
    assertThat(t).hasMessage("storage.stow.config.json: is neither inline JSON (starting with '{') nor an existing "
        + "key file (value not shown)");
  }

  @Test
  void keyFile_isRead_andMalformedContentNamesTheFile() throws Exception {
    Path key = tmp.resolve("key.json");
    Files.writeString(key, "{\"type\":\"service_account\"");
    Throwable t = catchConfig(with("project_id", "p", "json", key.toString()));
    assertThat(t).hasMessageStartingWith("storage.stow.config.json: malformed service-account key: the key file ["
        + key + "] is not valid JSON");
  }

  @Test
  void bucketThatDoesNotExist_isNamed() {
    recorder.failBucket("no-such-bucket", 404, "notFound", "The specified bucket does not exist.");
    try (GcsStore store = recorder.store(Map.of())) {
      assertThatThrownBy(() -> store.write(DataReference.parse("gs://no-such-bucket/out/outputs.pb"), new byte[] {1}))
          .isInstanceOf(ObjectNotFoundException.class)
          .hasMessage("write gs://no-such-bucket/out/outputs.pb: bucket no-such-bucket does not exist");
      assertThatThrownBy(() -> store.read(DataReference.parse("gs://no-such-bucket/in/inputs.pb")))
          .isInstanceOf(ObjectNotFoundException.class)
          .hasMessage("read gs://no-such-bucket/in/inputs.pb: bucket no-such-bucket does not exist");
      assertThatThrownBy(() -> store.listPage(DataReference.parse("gs://no-such-bucket/in"), null, 10))
          .isInstanceOf(ObjectNotFoundException.class)
          .hasMessage("list gs://no-such-bucket/in: bucket no-such-bucket does not exist");
    }
  }

  @Test
  void permissionDenied_withAServiceAccountKey_namesReferenceAndCredentials_withoutSecrets() {
    String denied = "copilot@p.iam.gserviceaccount.com does not have storage.objects.create access to the Google "
        + "Cloud Storage object. Permission 'storage.objects.create' denied on resource (or it may not exist).";
    recorder.failBucket("locked", 403, "forbidden", denied);
    try (GcsStore store = recorder.store(with("json", serviceAccountJson(privateKeyPem)))) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(
          () -> store.write(DataReference.parse("gs://locked/out/outputs.pb"), new byte[] {1}));
      assertThat(t).isInstanceOf(StorageException.class)
          .hasMessage("write gs://locked/out/outputs.pb: permission denied (403): " + denied
              + "; credentials: inline key from storage.stow.config.json");
      assertSafe(t);
      assertThat(((StorageException) t).isTransient()).isFalse();
    }
    // the key really was used: a token was fetched and sent
    assertThat(recorder.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/token"));
    assertThat(recorder.requests()).anySatisfy(r ->
        assertThat(r.header("authorization")).isEqualTo("Bearer ya29.recorder-token"));
  }

  @Test
  void rejectedKey_atTheTokenEndpoint_isOneSafeLine() {
    recorder.failToken(400, "invalid_grant", "Invalid JWT Signature.");
    try (GcsStore store = recorder.store(with("json", serviceAccountJson(privateKeyPem),
        "max_attempts", "1"))) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(
          () -> store.head(DataReference.parse("gs://bkt/in/inputs.pb")));
      assertThat(t).isInstanceOf(StorageException.class)
          .hasMessageStartingWith("head gs://bkt/in/inputs.pb: ")
          .hasMessageContaining("invalid_grant")
          .hasMessageEndingWith("(credentials: inline key from storage.stow.config.json)");
      assertSafe(t);
    }
  }

  @Test
  void startupBucketCheck_failsOnAMissingBucket_butToleratesA403() {
    recorder.failBucket("gone", 404, "notFound", "The specified bucket does not exist.");
    recorder.failBucket("no-list-right", 403, "forbidden", "sa does not have storage.objects.list access");
    try (GcsStore store = recorder.store(Map.of())) {
      assertThatThrownBy(() -> store.checkContainer("gone"))
          .isInstanceOf(ObjectNotFoundException.class)
          .hasMessage("open bucket gs://gone/: bucket gone does not exist");
      store.checkContainer("no-list-right");
      store.checkContainer("fine");
    }
  }

  @Test
  void serverErrors_areTransient_clientErrorsAreNot() {
    recorder.failBucket("busy", 503, "backendError", "Backend Error");
    recorder.failBucket("odd", 400, "invalid", "Invalid argument.");
    try (GcsStore store = recorder.store(with("max_attempts", "2"))) {
      Throwable busy = org.assertj.core.api.Assertions.catchThrowable(
          () -> store.listPage(DataReference.parse("gs://busy/x"), null, 10));
      assertThat(busy).isInstanceOf(StorageException.class).hasMessage("list gs://busy/x: 503 backendError: Backend Error");
      assertThat(((StorageException) busy).isTransient()).isTrue();
      Throwable odd = org.assertj.core.api.Assertions.catchThrowable(
          () -> store.listPage(DataReference.parse("gs://odd/x"), null, 10));
      assertThat(odd).hasMessage("list gs://odd/x: 400 invalid: Invalid argument.");
      assertThat(((StorageException) odd).isTransient()).isFalse();
    }
    assertThat(recorder.requests().stream().filter(r -> r.path().contains("/b/busy/"))).hasSize(2);
  }

  @Test
  void referenceWithoutBucketOrKey_isRejected() {
    try (GcsStore store = recorder.store(Map.of())) {
      assertThatThrownBy(() -> store.read(DataReference.parse("gs://bkt")))
          .hasMessage("read gs://bkt/: the reference names a bucket, not an object");
      assertThatThrownBy(() -> store.head(new DataReference("gs", "", "k")))
          .hasMessage("head gs:///k: no bucket in the reference (expected gs://bucket/key)");
    }
  }

  private static Throwable catchConfig(Map<String, String> config) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> GcsStore.open(google(config), "storage.stow"));
    assertThat(t).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) t).key()).startsWith("storage.stow.config.");
    return t;
  }
}
