package org.flyte.copilot.core.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.flyte.copilot.core.testing.SharedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A wrong key and a missing container against Azurite: one line each, never the key. */
@ExtendWith(Azurite.Required.class)
class AzureBadInputTest {
  @RegisterExtension
  static final SharedServer<Azurite> AZURITE = new SharedServer<>(Azurite::startIfInstalled);

  @Test
  void wrongKey_isOneLine_namingTheAccountAndWhereTheKeyCameFrom_neverTheKey() {
    String container = AZURITE.get().newContainer();
    String wrong = Base64.getEncoder().encodeToString("a wrong key of the right form!!".getBytes());
    AzureStore store = AzureStore.open(AZURITE.get().stow(Map.of("key", wrong)), "storage.stow");
    DataReference ref = DataReference.parse("abfs://" + container + "@devstoreaccount1.dfs.core.windows.net/a.txt");

    for (Runnable call : new Runnable[] {() -> store.write(ref, "x".getBytes()), () -> store.head(ref),
        () -> store.checkContainer(container), () -> store.readAllBytes(ref)}) {
      assertThatThrownBy(call::run)
          .isInstanceOf(StorageException.class)
          // (Azure answers AuthenticationFailed, Azurite AuthorizationFailure)
          .hasMessageEndingWith(": authentication failed (403 AuthorizationFailure): the account devstoreaccount1 "
              + "refused the request's credentials (a wrong key, or a network rule of the account); credentials: "
              + "the shared key of account devstoreaccount1 from storage.stow.config.key")
          .hasMessageNotContaining(wrong)
          .hasMessageNotContaining("\n")
          .satisfies(e -> assertThat(((StorageException) e).isTransient()).isFalse());
    }
  }

  @Test
  void missingContainer_isOneLine_forReadsWritesAndTheStartupCheck() {
    AzureStore store = AzureStore.open(AZURITE.get().stow(Map.of()), "storage.stow");
    DataReference ref = DataReference.parse("abfs://nope@devstoreaccount1.dfs.core.windows.net/in/x.bin");
    String reason = ": container nope does not exist in account devstoreaccount1";

    assertThatThrownBy(() -> store.readAllBytes(ref)).isInstanceOf(ObjectNotFoundException.class)
        .hasMessage("read abfs://nope/in/x.bin" + reason);
    assertThatThrownBy(() -> store.head(ref)).isInstanceOf(ObjectNotFoundException.class)
        .hasMessage("head abfs://nope/in/x.bin" + reason);
    assertThatThrownBy(() -> store.write(ref, "x".getBytes())).isInstanceOf(ObjectNotFoundException.class)
        .hasMessage("write abfs://nope/in/x.bin" + reason);
    assertThatThrownBy(() -> store.checkContainer("nope")).hasMessage("open container abfs://nope/" + reason);
    assertThatThrownBy(() -> store.list(ref).toList()).hasMessage("list abfs://nope/in/x.bin" + reason);
  }
}
