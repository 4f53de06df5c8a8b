package org.flyte.copilot.core.storage.gcs;

import java.util.Map;
import org.flyte.copilot.core.testing.Closeables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests of a GcsStore against a recording server: a fresh server, and a store on it, for each test. */
abstract class GcsStoreOnRecorder {
  private final Map<String, String> storeConfig;
  GcsRecorder recorder;
  GcsStore store;

  /** {@code storeConfig}: the store's stow config keys beyond those that point it at the server. */
  GcsStoreOnRecorder(Map<String, String> storeConfig) {
    this.storeConfig = storeConfig;
  }

  @BeforeEach
  void startRecorderAndStore() throws Exception {
    recorder = new GcsRecorder();
    store = recorder.store(storeConfig);
  }

  @AfterEach
  void closeStoreAndRecorder() {
    Closeables.closeAll(store, recorder);
  }
}
