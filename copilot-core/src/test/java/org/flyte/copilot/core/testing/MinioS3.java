package org.flyte.copilot.core.testing;

import java.net.URI;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A MinIO server in a Docker container (Testcontainers, pinned image) on a mapped port, for tests;
 * guard the test class with {@code @EnabledIf(MinioS3.DOCKER_AVAILABLE)}.
 */
public final class MinioS3 extends S3TestServer {
  public static final String IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";
  public static final String ACCESS_KEY = "minioadmin";
  public static final String SECRET_KEY = "minioadmin-secret";
  public static final String REGION = "us-east-1";
  /** {@link #dockerAvailable()} for {@code @EnabledIf}: a class skipped that way reports every test as skipped. */
  public static final String DOCKER_AVAILABLE = "org.flyte.copilot.core.testing.MinioS3#dockerAvailable";
  private static final int PORT = 9000;

  private final GenericContainer<?> container;

  private MinioS3(GenericContainer<?> container) {
    super(URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT)),
        ACCESS_KEY, SECRET_KEY, REGION);
    this.container = container;
  }

  /** Starts a fresh MinIO container; fails when Docker is not reachable (see {@link #dockerAvailable()}). */
  public static MinioS3 start() {
    GenericContainer<?> container = new GenericContainer<>(IMAGE)
        .withCommand("server", "/data")
        .withEnv("MINIO_ROOT_USER", ACCESS_KEY)
        .withEnv("MINIO_ROOT_PASSWORD", SECRET_KEY)
        .withExposedPorts(PORT)
        .waitingFor(Wait.forHttp("/minio/health/live").forPort(PORT).withStartupTimeout(Duration.ofMinutes(2)));
    try {
      container.start();
      return new MinioS3(container);
    } catch (RuntimeException e) {
      stopQuietly(container);
      throw e;
    }
  }

  /** Testcontainers' own check; any failure of the check itself means "no Docker". */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  @Override
  protected void stopServer() {
    stopQuietly(container);
  }

  private static void stopQuietly(GenericContainer<?> container) {
    try {
      container.stop();
    } catch (RuntimeException ignored) {
      // Testcontainers' reaper removes the container when the test JVM exits
    }
  }
}
