package org.flyte.copilot.core.storage.s3;

import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.ObjectStoreContract;
import org.flyte.copilot.core.testing.Closeables;
import org.flyte.copilot.core.testing.MinioS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The storage contract against S3Store on a MinIO container; every test is reported skipped when no
 * Docker engine is reachable.
 */
@EnabledIf(value = MinioS3.DOCKER_AVAILABLE, disabledReason = "no Docker engine: MinIO contract tests skipped")
class MinioContractTest extends ObjectStoreContract {
  private static MinioS3 minio;

  @BeforeAll
  static void startMinio() {
    minio = MinioS3.start();
    minio.bucket("contract");
  }

  @AfterAll
  static void stopMinio() {
    Closeables.closeAll(minio);
  }

  @Override
  protected ObjectStore store() {
    return minio.store();
  }

  @Override
  protected DataReference base() {
    return new DataReference("s3", "contract", "");
  }
}
