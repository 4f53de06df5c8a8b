package org.flyte.copilot.core.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.models.BlobProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.ObjectStoreContract;
import org.flyte.copilot.core.storage.StorageException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.flyte.copilot.core.testing.SharedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract against AzureStore on Azurite, with 1 MiB blocks so that staged-block uploads
 * run on a few MiB; skipped when Azurite is not installed (.ci/install-azurite).
 */
@ExtendWith(Azurite.Required.class)
class AzureStoreContractTest extends ObjectStoreContract {
  @RegisterExtension
  static final SharedServer<Azurite> AZURITE = new SharedServer<>(Azurite::startIfInstalled);
  private static AzureStore store;
  private static String container;

  @BeforeAll
  static void startAzurite() throws Exception {
    if (!AZURITE.started()) {
      return;
    }
    container = AZURITE.get().newContainer();
    store = AzureStore.open(AZURITE.get().stow(Map.of("block_threshold", "2MiB", "block_size", "1MiB")),
        "storage.stow");
  }

  @Override
  protected ObjectStore store() {
    return store;
  }

  @Override
  protected DataReference base() {
    return DataReference.parse("abfs://" + container + "@" + Azurite.ACCOUNT + ".dfs.core.windows.net/");
  }

  @Test
  void largeFile_isStagedInBlocks_andReadBackInRanges() throws Exception {
    DataReference ref = root.child("large.bin");
    byte[] data = writeRandomFile(ref, 5 * 1024 * 1024 + 123);

    assertThat(store.head(ref).orElseThrow().size()).isEqualTo(data.length);
    BlobProperties p = AZURITE.get().client().getBlobContainerClient(container).getBlobClient(ref.key())
        .getProperties();
    assertThat(p.getCommittedBlockCount()).as("committed blocks").isNull(); // only append blobs report it
    assertThat(AZURITE.get().client().getBlobContainerClient(container).getBlobClient(ref.key()).getBlockBlobClient()
        .listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED).getCommittedBlocks()).hasSize(6);
    assertThat(readAll(store.read(ref))).isEqualTo(data);
    assertThat(readAll(store.readRange(ref, 1024 * 1024 - 5, 10)))
        .isEqualTo(java.util.Arrays.copyOfRange(data, 1024 * 1024 - 5, 1024 * 1024 + 5));
  }

  @Test
  void smallUpload_carriesItsMd5() {
    DataReference ref = root.child("md5.txt");
    store.write(ref, bytes("hello"));

    BlobProperties p = AZURITE.get().client().getBlobContainerClient(container).getBlobClient(ref.key())
        .getProperties();
    assertThat(java.util.HexFormat.of().formatHex(p.getContentMd5())).isEqualTo("5d41402abc4b2a76b9719d911017c592");
  }

  @Test
  void checkContainer_acceptsAnExistingOne_andNamesAMissingOne() {
    store.checkContainer(container);

    assertThatThrownBy(() -> store.checkContainer("no-such-container"))
        .isInstanceOf(StorageException.class)
        .hasMessage("open container abfs://no-such-container/: container no-such-container does not exist in account "
            + Azurite.ACCOUNT);
  }

  @Test
  void referenceWithoutKey_isRejected() {
    assertThatThrownBy(() -> store.write(new DataReference("abfs", container, ""), bytes("x")))
        .isInstanceOf(StorageException.class)
        .hasMessage("write abfs://" + container + "/: the reference names a container, not a blob");
  }
}
