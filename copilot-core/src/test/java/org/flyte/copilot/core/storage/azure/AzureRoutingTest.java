package org.flyte.copilot.core.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.flyte.copilot.core.config.ConnectionConfig;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.RoutingStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.Stores;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.flyte.copilot.core.testing.SharedServer;

/**
 * Azure in a routing store (docs/compatibility.md, "Store routing", v2): as the primary store ({@code
 * stow.kind: azure},
 * scheme-less references, {@code abfs} and {@code abfss} alike), and dialled from {@code
 * storage.schemes.abfs} beside an S3 primary.
 */
@ExtendWith(Azurite.Required.class)
class AzureRoutingTest {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
  private static final ConnectionConfig NO_CONNECTION = new ConnectionConfig("", "", "", "", "", false);
  @RegisterExtension
  static final SharedServer<Azurite> AZURITE = new SharedServer<>(Azurite::startIfInstalled);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void azurePrimary_servesSchemelessAbfsAndAbfss_andChecksItsContainer() {
    String container = AZURITE.get().newContainer();
    StorageConfig config = new StorageConfig("stow", container, false, AZURITE.get().stow(Map.of()), NO_CONNECTION, 0,
        Duration.ZERO, Map.of());
    Stores.check(config);
    try (RoutingStore store = Stores.open(config).checkPrimaryContainer()) {
      assertThat(store.primary()).isInstanceOf(AzureStore.class);
      store.write(DataReference.parse("/metadata/inputs.pb"), utf8("scheme-less"));
      store.write(DataReference.parse("abfss://" + container + "@devstoreaccount1.dfs.core.windows.net/raw/a"),
          utf8("abfss"));

      assertThat(store.readAllBytes(DataReference.parse("abfs://" + container + "/metadata/inputs.pb")))
          .isEqualTo(utf8("scheme-less"));
      assertThat(store.readAllBytes(DataReference.parse("abfs://" + container
          + "@devstoreaccount1.dfs.core.windows.net/raw/a"))).isEqualTo(utf8("abfss"));
      assertThatThrownBy(() -> store.head(DataReference.parse("abfs://other@devstoreaccount1.dfs.core.windows.net/x")))
          .isInstanceOf(StorageException.class).hasMessageContaining("Dynamic loading is disabled");
    }
    StorageConfig missing = new StorageConfig("stow", "no-such-container", false, AZURITE.get().stow(Map.of()),
        NO_CONNECTION, 0, Duration.ZERO, Map.of());
    assertThatThrownBy(() -> Stores.open(missing).checkPrimaryContainer())
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessage("open container abfs://no-such-container/: container no-such-container does not exist in "
            + "account devstoreaccount1");
  }

  @Test
  void s3Primary_inputsOnS3_blobsOnAbfs_andOutputsSplitTheSameWay() {
    String bucket = S3.newBucket();
    String container = AZURITE.get().newContainer();
    StorageConfig base = S3.storageConfig(bucket);
    StorageConfig config = new StorageConfig(base.type(), base.container(), base.enableMulticontainer(), base.stow(),
        base.connection(), base.maxDownloadMBs(), base.httpTimeout(), Map.of("abfs", AZURITE.get().stow(Map.of())));
    try (RoutingStore store = Stores.open(config).checkPrimaryContainer()) {
      assertThat(store.primary()).isInstanceOf(S3Store.class);
      String blob = "abfs://" + container + "@devstoreaccount1.dfs.core.windows.net/in/data.csv";
      store.write(DataReference.parse(blob), utf8("a,b\n1,2\n"));
      store.write(DataReference.parse("s3://" + bucket + "/metadata/inputs.pb"), utf8(blob));

      String named = new String(store.readAllBytes(DataReference.parse("/metadata/inputs.pb")), StandardCharsets.UTF_8);
      assertThat(store.readAllBytes(DataReference.parse(named))).isEqualTo(utf8("a,b\n1,2\n"));

      // abfss:// goes to the same backend, configured under storage.schemes.abfs
      DataReference out = DataReference.parse("abfss://" + container + "@devstoreaccount1.dfs.core.windows.net/out/r");
      store.write(out, utf8("42"));
      assertThat(AZURITE.get().client().getBlobContainerClient(container).getBlobClient("out/r").downloadContent()
          .toString())
          .isEqualTo("42");
      assertThat(store.list(DataReference.parse("abfs://" + container + "/in")).map(i -> i.reference().toUri()))
          .containsExactly("abfs://" + container + "/in/data.csv");
    }
  }
}
