package org.flyte.copilot.cli;

import org.flyte.copilot.core.testing.EmbeddedS3;
import org.flyte.copilot.core.testing.S3TestServer;

/** The pod lifecycle against the embedded S3 server (s3proxy). */
class PodLifecycleIT extends PodLifecycleTests {
  @Override
  protected S3TestServer startServer() {
    return EmbeddedS3.start();
  }
}
