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

  /** Parses the S3 settings (reads a secret file if one is named); no client, no network. */
  static void checkS3(StowConfig stow, String keyForErrors) {
    org.flyte.copilot.core.storage.s3.S3StoreConfig.fromStow(stow, keyForErrors);
  }

  /** Parses the GCS settings (reads a key file if one is named); no client, no network. */
  static void checkGcs(StowConfig stow, String keyForErrors) {
    org.flyte.copilot.core.storage.gcs.GcsConfig.forStore(stow, keyForErrors, System.getenv());
  }

  static ObjectStore gcs(StowConfig stow, String keyForErrors) {
    return org.flyte.copilot.core.storage.gcs.GcsStore.open(stow, keyForErrors);
  }

  /** Parses the Azure settings; no client, no network. */
  static void checkAzure(StowConfig stow, String keyForErrors) {
    org.flyte.copilot.core.storage.azure.AzureConfig.forStore(stow, keyForErrors, System.getenv());
  }

  static ObjectStore azure(StowConfig stow, String keyForErrors) {
    return org.flyte.copilot.core.storage.azure.AzureStore.open(stow, keyForErrors);
  }

  static ObjectStore http(StorageConfig config) {
    return new org.flyte.copilot.core.storage.http.HttpStore(config.httpTimeout());
  }
}
