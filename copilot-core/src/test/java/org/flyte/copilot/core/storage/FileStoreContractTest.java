package org.flyte.copilot.core.storage;

import java.nio.file.Path;
import org.flyte.copilot.core.storage.file.FileStore;
import org.junit.jupiter.api.io.TempDir;

class FileStoreContractTest extends ObjectStoreContract {
  @TempDir static Path storeRoot;
  private static FileStore store;

  @Override
  protected ObjectStore store() {
    if (store == null || !store.root().equals(storeRoot.toAbsolutePath().normalize())) {
      store = new FileStore(storeRoot);
    }
    return store;
  }

  @Override
  protected DataReference base() {
    return new DataReference("file", "container", "");
  }
}
