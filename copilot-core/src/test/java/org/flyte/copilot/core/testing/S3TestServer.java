package org.flyte.copilot.core.testing;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.config.ConnectionConfig;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.storage.s3.S3StoreConfig;
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
 * An S3-protocol server started for tests (access key auth, path-style), with the copilot settings,
 * store and raw SDK client that point at it; buckets are created on demand.
 *
 * <p>Use it as a static field (close it in {@code @AfterAll}) or register it as an extension, which
 * closes it after the test class.
 */
public abstract class S3TestServer implements AutoCloseable, AfterAllCallback {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final String region;
  private final S3Client client;
  private S3Store store;

  protected S3TestServer(URI endpoint, String accessKey, String secretKey, String region) {
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.region = region;
    client = S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(Apache5HttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** {@code http://<host>:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public String region() {
    return region;
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
    m.put("access_key_id", accessKey);
    m.put("secret_key", secretKey);
    m.put("region", region);
    m.put("endpoint", endpoint.toString());
    m.put("disable_ssl", "true");
    return new StowConfig("s3", m);
  }

  /** {@link #stowConfig()} with {@code overrides} on top; a null value removes its key. */
  public StowConfig stowConfig(Map<String, String> overrides) {
    Map<String, String> m = new HashMap<>(stowConfig().config());
    overrides.forEach((k, v) -> {
      if (v == null) {
        m.remove(k);
      } else {
        m.put(k, v);
      }
    });
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
        + "      access_key_id: " + accessKey + "\n"
        + "      secret_key: " + secretKey + "\n"
        + "      region: " + region + "\n"
        + "      endpoint: " + endpoint + "\n"
        + "      disable_ssl: true\n"
        + "  limits:\n"
        + "    maxDownloadMBs: 0\n";
  }

  /** A copilot S3 store for this server, closed with the fixture. */
  public synchronized S3Store store() {
    if (store == null) {
      store = new S3Store(S3StoreConfig.ofAccessKey(endpoint, region, accessKey, secretKey));
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
    stopServer();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Stops the server itself; must not throw. */
  protected abstract void stopServer();
}
