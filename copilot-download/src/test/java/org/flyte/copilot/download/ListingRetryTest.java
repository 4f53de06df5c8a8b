package org.flyte.copilot.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flyte.copilot.download.Literals.inputs;
import static org.flyte.copilot.download.Literals.multipart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.TransientStorageException;
import org.flyte.copilot.core.testing.ForwardingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that blips while a multipart input is listed does not lose the download. */
class ListingRetryTest {
  @TempDir Path tmp;

  @Test
  void listingPageThatFailsTransiently_isAskedForAgain() throws Exception {
    Fixture f = new Fixture(tmp);
    f.put("mp/a.txt", "A");
    f.put("mp/sub/b.txt", "B");
    String remote = f.putInputs(inputs("mp", multipart("file://bucket/mp")));
    AtomicInteger listings = new AtomicInteger();
    ObjectStore blipping = new ForwardingStore(f.store) {
      @Override
      public ListPage listPage(DataReference prefix, String token, int pageSize) {
        if (listings.incrementAndGet() == 1) {
          throw new TransientStorageException("list", prefix, "503 SlowDown", null);
        }
        return delegate.listPage(prefix, token, pageSize);
      }
    };

    f.download(blipping, DownloadRequest.of(remote, f.localDir("in")));

    assertThat(listings.get()).isEqualTo(2);
    assertThat(Files.readString(Path.of(f.localDir("in"), "mp", "a.txt"))).isEqualTo("A");
    assertThat(Files.readString(Path.of(f.localDir("in"), "mp", "sub", "b.txt"))).isEqualTo("B");
  }
}
