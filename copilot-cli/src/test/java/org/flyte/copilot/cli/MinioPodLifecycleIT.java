package org.flyte.copilot.cli;

import org.flyte.copilot.core.testing.MinioS3;
import org.flyte.copilot.core.testing.S3TestServer;
import org.junit.jupiter.api.condition.EnabledIf;

/** The pod lifecycle against MinIO in a container; every test is reported skipped when no Docker engine is reachable. */
@EnabledIf(value = MinioS3.DOCKER_AVAILABLE, disabledReason = "no Docker engine: MinIO pod lifecycle tests skipped")
class MinioPodLifecycleIT extends PodLifecycleTests {
  @Override
  protected S3TestServer startServer() {
    return MinioS3.start();
  }
}
