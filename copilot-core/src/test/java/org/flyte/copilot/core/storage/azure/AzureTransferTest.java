package org.flyte.copilot.core.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Random;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.testing.Closeables;
import org.flyte.copilot.core.testing.FaultProxy;
import org.flyte.copilot.core.transfer.TransferEngine;
import org.flyte.copilot.core.transfer.TransferRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.flyte.copilot.core.testing.SharedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Large objects through the transfer engine against Azurite behind a fault proxy: blocks staged in
 * parallel and committed, ranged reads in parallel, each retried or resumed by the engine alone when
 * its connection breaks.
 */
@ExtendWith(Azurite.Required.class)
class AzureTransferTest {
  @RegisterExtension
  static final SharedServer<Azurite> AZURITE = new SharedServer<>(Azurite::startIfInstalled);
  private static FaultProxy proxy;
  private static AzureStore store;
  private static String container;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    if (!AZURITE.started()) {
      return;
    }
    container = AZURITE.get().newContainer();
    proxy = FaultProxy.start(URI.create(AZURITE.get().endpoint()));
    store = AzureStore.open(AZURITE.get().stow(Map.of("endpoint", proxy.endpoint() + "/" + Azurite.ACCOUNT,
        "block_threshold", "8MiB", "block_size", "4MiB")), "storage.stow");
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(proxy);
  }

  private static TransferEngine engine() {
    return TransferEngine.builder(store).concurrency(4).parts(4L << 20, 8L << 20).build();
  }

  @Test
  void largeFile_upAndDown_inParallelParts_survivesBrokenConnections() throws Exception {
    byte[] data = new byte[22 * 1024 * 1024 + 77];
    new Random(3).nextBytes(data);
    Path source = Files.write(tmp.resolve("big.bin"), data);
    DataReference ref = DataReference.parse("abfss://" + container + "@devstoreaccount1.dfs.core.windows.net/run/big.bin");

    // two blocks lose their connection before any answer: each is sent again alone
    proxy.failNext(2, FaultProxy.Fault.RESET_BEFORE_RESPONSE, r -> r.query().contains("comp=block&"));
    TransferEngine.Summary up;
    try (TransferEngine e = engine()) {
      e.submit(new TransferRequest.Upload(ref, () -> FileChannel.open(source), data.length, "big"));
      up = e.awaitAll();
    }
    assertThat(up.failures()).isEmpty();
    assertThat(up.retries()).isEqualTo(2);
    assertThat(AZURITE.get().client().getBlobContainerClient(container).getBlobClient(ref.key()).getBlockBlobClient()
        .listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED).getCommittedBlocks()).hasSize(6);

    // two ranged reads break mid-body: each resumes from its last byte
    proxy.failNext(2, FaultProxy.Fault.RESET_MID_BODY, r -> r.method().equals("GET") && r.header("range") != null);
    Path target = tmp.resolve("back.bin");
    TransferEngine.Summary down;
    try (TransferEngine e = engine()) {
      e.submit(new TransferRequest.Download(ref, tmp.resolve(".back.part"),
          t -> Files.move(t, target, StandardCopyOption.REPLACE_EXISTING), -1, "", true, "back"));
      down = e.awaitAll();
    }
    assertThat(down.failures()).isEmpty();
    assertThat(down.retries()).isEqualTo(2);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
  }
}
