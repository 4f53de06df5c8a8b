package org.flyte.copilot.core.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.config.ConnectionConfig;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.storage.s3.S3StoreConfig;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An S3-protocol server (s3proxy, in-process) on 127.0.0.1 with a free port, for tests. Credentials
 * are {@link #ACCESS_KEY}/{@link #SECRET_KEY}, region {@link #REGION}; buckets are created on demand.
 *
 * <p>Use it as a static field (close it in {@code @AfterAll}) or register it as an extension, which
 * closes it after the test class:
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
 *
 * String bucket = S3.newBucket();
 * StorageConfig cfg = S3.storageConfig(bucket);       // for Stores.open(...)
 * S3.client().putObject(...);                          // raw SDK client for arranging and asserting
 * }</pre>
 */
public final class EmbeddedS3 implements AutoCloseable, AfterAllCallback {
  public static final String ACCESS_KEY = "access";
  public static final String SECRET_KEY = "secretsecret";
  public static final String REGION = "us-east-1";

  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;
  private S3Store store;

  private EmbeddedS3(BlobStore blobStore) {
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // the SDK sends headers s3proxy does not know (x-amz-sdk-checksum-algorithm...)
        .ignoreUnknownHeaders(true)
        .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start within 30 s, state " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      stopQuietly();
      throw new IllegalStateException("cannot start the embedded S3 server: " + e, e);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    client = S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClientBuilder(Apache5HttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Starts a server that keeps objects in memory. */
  public static EmbeddedS3 start() {
    return new EmbeddedS3(new TransientNio2BlobStore());
  }

  /** Starts a server that keeps each bucket as a sub-directory of {@code dir}. */
  public static EmbeddedS3 start(Path dir) {
    return new EmbeddedS3(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()));
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Creates {@code name} unless it exists; returns it. Names must be valid S3 bucket names. */
  public String bucket(String name) {
    try {
      client.createBucket(b -> b.bucket(name));
    } catch (BucketAlreadyOwnedByYouException e) {
      // already there
    } catch (S3Exception e) {
      if (e.statusCode() != 409) {
        throw e;
      }
    }
    return name;
  }

  /** A new, empty bucket with a unique name. */
  public String newBucket() {
    return bucket("test-bucket-" + BUCKETS.incrementAndGet());
  }

  /** Stow {@code s3} settings pointing copilot at this server (access key auth, path-style). */
  public StowConfig stowConfig() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("auth_type", "accesskey");
    m.put("access_key_id", ACCESS_KEY);
    m.put("secret_key", SECRET_KEY);
    m.put("region", REGION);
    m.put("endpoint", endpoint.toString());
    m.put("disable_ssl", "true");
    return new StowConfig("s3", m);
  }

  /** A {@code storage} section with this server as the primary store and {@code bucket} as container. */
  public StorageConfig storageConfig(String bucket) {
    return new StorageConfig("stow", bucket, false, stowConfig(),
        new ConnectionConfig("", "", "", "", "", false), 0, Duration.ZERO, Map.of());
  }

  /** The same settings as YAML, for tests that run the CLI with {@code --config}. */
  public String storageYaml(String bucket) {
    return "storage:\n"
        + "  type: stow\n"
        + "  container: " + bucket + "\n"
        + "  stow:\n"
        + "    kind: s3\n"
        + "    config:\n"
        + "      auth_type: accesskey\n"
        + "      access_key_id: " + ACCESS_KEY + "\n"
        + "      secret_key: " + SECRET_KEY + "\n"
        + "      region: " + REGION + "\n"
        + "      endpoint: " + endpoint + "\n"
        + "      disable_ssl: true\n"
        + "  limits:\n"
        + "    maxDownloadMBs: 0\n";
  }

  /** A copilot S3 store for this server, closed with the fixture. */
  public synchronized S3Store store() {
    if (store == null) {
      store = new S3Store(S3StoreConfig.ofAccessKey(endpoint, REGION, ACCESS_KEY, SECRET_KEY));
    }
    return store;
  }

  /** A plain SDK client for this server, to arrange and check objects independently of copilot. */
  public S3Client client() {
    return client;
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
      store = null;
    }
    client.close();
    stopQuietly();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void stopQuietly() {
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // the server is going away with the test JVM anyway
    }
  }
}
