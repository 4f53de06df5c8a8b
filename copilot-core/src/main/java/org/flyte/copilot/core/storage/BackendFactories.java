package org.flyte.copilot.core.storage;

import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;

/** Constructors of the network backends, kept apart so their SDKs load only when used. */
final class BackendFactories {
  private BackendFactories() {}

  static ObjectStore s3(StowConfig stow, String keyForErrors) {
    return org.flyte.copilot.core.storage.s3.S3Store.fromStow(stow, keyForErrors);
  }

  static ObjectStore gcs(StowConfig stow, String keyForErrors) {
    return org.flyte.copilot.core.storage.gcs.GcsStore.open(stow, keyForErrors);
  }

  static ObjectStore http(StorageConfig config) {
    return new org.flyte.copilot.core.storage.http.HttpStore(config.httpTimeout());
  }
}
