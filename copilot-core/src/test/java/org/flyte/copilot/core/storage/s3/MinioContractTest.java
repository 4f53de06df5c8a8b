package org.flyte.copilot.core.storage.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/** The storage contract against S3Store on a MinIO container; skipped when no Docker engine is reachable. */
class MinioContractTest extends ObjectStoreContract {
  private static final String USER = "minioadmin";
  private static final String PASSWORD = "minioadmin-secret";
  private static GenericContainer<?> minio;
  private static S3Store store;

  @BeforeAll
  static void startMinio() {
    assumeTrue(dockerAvailable(), "no Docker engine: MinIO contract tests skipped");
    minio = new GenericContainer<>("minio/minio:RELEASE.2023-09-04T19-57-37Z")
        .withCommand("server", "/data")
        .withEnv("MINIO_ROOT_USER", USER)
        .withEnv("MINIO_ROOT_PASSWORD", PASSWORD)
        .withExposedPorts(9000)
        .waitingFor(Wait.forHttp("/minio/health/live").forPort(9000).withStartupTimeout(Duration.ofMinutes(2)));
    minio.start();
    URI endpoint = URI.create("http://" + minio.getHost() + ":" + minio.getMappedPort(9000));
    store = new S3Store(S3StoreConfig.ofAccessKey(endpoint, "us-east-1", USER, PASSWORD));
    store.client().createBucket(b -> b.bucket("contract"));
  }

  /** Testcontainers' own check; any failure of the check itself means "no Docker". */
  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  @AfterAll
  static void stopMinio() {
    if (store != null) {
      store.close();
    }
    if (minio != null) {
      minio.stop();
    }
  }

  @Override
  protected ObjectStore store() {
    return store;
  }

  @Override
  protected DataReference base() {
    return new DataReference("s3", "contract", "");
  }
}
