package org.flyte.copilot.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.ObjectStoreContract;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract against S3Store on an embedded S3 server. */
class S3StoreContractTest extends ObjectStoreContract {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
  private static final String BUCKET = S3.bucket("contract");

  @Override
  protected ObjectStore store() {
    return S3.store();
  }

  @Override
  protected DataReference base() {
    return new DataReference("s3", BUCKET, "");
  }

  @Test
  void head_etagIsTheMd5OfASinglePartObject_withoutQuotes() throws Exception {
    DataReference ref = root.child("md5.txt");
    store().write(ref, bytes("checksum me"));

    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes("checksum me")));
    assertThat(store().head(ref).orElseThrow().etag()).isEqualTo(md5);
    assertThat(store().list(root).toList()).singleElement().satisfies(i -> assertThat(i.etag()).isEqualTo(md5));
  }

  @Test
  void write_isVisibleToAPlainSdkClient() {
    DataReference ref = root.child("visible/x.txt");
    store().write(ref, bytes("seen"));

    assertThat(S3.client().getObjectAsBytes(g -> g.bucket(BUCKET).key(ref.key())).asUtf8String()).isEqualTo("seen");
  }
}
