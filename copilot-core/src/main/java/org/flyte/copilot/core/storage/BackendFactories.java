package org.flyte.copilot.core.storage;

import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.config.StowConfig;

/** Constructors of the network backends, kept apart so their SDKs load only when used. */
final class BackendFactories {
  private BackendFactories() {}

  static ObjectStore s3(StowConfig stow, String keyForErrors) {
    throw new ConfigException(keyForErrors + ".kind", "the s3 backend is being built (foundation issue)");
  }

  static ObjectStore gcs(StowConfig stow, String keyForErrors) {
    return org.flyte.copilot.core.storage.gcs.GcsStore.open(stow, keyForErrors);
  }

  static ObjectStore http(StorageConfig config) {
    throw new ConfigException("storage.schemes.https", "the http backend is being built (foundation issue)");
  }
}
