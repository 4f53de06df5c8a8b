package org.flyte.copilot.core.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.StorageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store never reads or lists through a symlink that leaves its root, nor keys with "..". */
class FileStoreTest {
  @TempDir Path tmp;
  Path root;
  Path secret;
  FileStore store;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    secret = Files.writeString(tmp.resolve("secret.txt"), "do not read");
    Files.createDirectories(root.resolve("b/dir"));
    Files.writeString(root.resolve("b/dir/ok.txt"), "fine");
    Files.createSymbolicLink(root.resolve("b/dir/leak.txt"), secret);
    Files.createSymbolicLink(root.resolve("b/dir/outside"), tmp);
    Files.createSymbolicLink(root.resolve("b/dir/inside.txt"), root.resolve("b/dir/ok.txt"));
    store = new FileStore(root);
  }

  @Test
  void read_symlinkOutOfRoot_isRefused() {
    DataReference ref = DataReference.parse("file://b/dir/leak.txt");
    assertThatThrownBy(() -> store.read(ref)).isInstanceOf(StorageException.class)
        .hasMessage("resolve file://b/dir/leak.txt: a symlink leads outside the store root " + root);
    assertThatThrownBy(() -> store.head(ref)).hasMessageContaining("a symlink leads outside the store root");
    assertThatThrownBy(() -> store.readRange(ref, 0, 2)).hasMessageContaining("a symlink leads outside");
    assertThatThrownBy(() -> store.read(DataReference.parse("file://b/dir/outside/secret.txt")))
        .hasMessageContaining("a symlink leads outside");
  }

  @Test
  void read_symlinkInsideRoot_isAllowed() {
    assertThat(store.readAllBytes(DataReference.parse("file://b/dir/inside.txt"))).asString().isEqualTo("fine");
  }

  @Test
  void list_doesNotFollowSymlinks() {
    String keys = store.list(DataReference.parse("file://b/dir")).map(ObjectInfo::reference)
        .map(DataReference::key).collect(Collectors.joining(","));
    assertThat(keys).isEqualTo("dir/ok.txt");
  }

  @Test
  void dotDotKey_isRefused() {
    assertThatThrownBy(() -> store.read(new DataReference("file", "b", "../../secret.txt")))
        .hasMessageContaining("key resolves outside the store root");
  }
}
