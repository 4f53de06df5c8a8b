package org.flyte.copilot.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.testing.EmbeddedS3;
import org.flyte.copilot.core.transfer.CountingFileInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Multipart uploads of S3Store against the embedded S3 server: byte-exact round trips, aborts, config. */
class S3MultipartUploadTest {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
  private static final int MIB = 1 << 20;
  private static final int SIZE = 23 * MIB; // 5 parts of 5 MiB, the last one 3 MiB
  private static final String BUCKET = S3.bucket("multipart");
  private static S3Store store;

  @TempDir static Path tmp;
  private static Path file;

  @BeforeAll
  static void setUp() throws IOException {
    store = S3Store.fromStow(stow(Map.of(
        "multipart_threshold", "6MiB", "multipart_part_size", "5MiB", "multipart_concurrency", "3")), "storage.stow");
    byte[] data = new byte[SIZE];
    new Random(23).nextBytes(data);
    file = Files.write(tmp.resolve("big.bin"), data);
  }

  @AfterAll
  static void tearDown() {
    store.close();
  }

  private static StowConfig stow(Map<String, String> overrides) {
    return S3.stowConfig(overrides);
  }

  private static DataReference ref(String key) {
    return new DataReference("s3", BUCKET, key);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static byte[] stored(DataReference ref) {
    return S3.client().getObjectAsBytes(g -> g.bucket(BUCKET).key(ref.key())).asByteArray();
  }

  private static String etag(DataReference ref) {
    return S3Store.stripQuotes(S3.client().headObject(h -> h.bucket(BUCKET).key(ref.key())).eTag());
  }

  private static void assertNothingLeft(DataReference ref) {
    assertThat(S3.client().listObjectsV2(l -> l.bucket(BUCKET).prefix(ref.key())).contents()).isEmpty();
    assertThat(S3.client().listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).isEmpty();
  }

  @Test
  void fileAboveThreshold_roundTripsByteExactInParts() throws Exception {
    DataReference ref = ref("from-path/big.bin");
    store.write(ref, file);

    assertThat(sha256(stored(ref))).isEqualTo(sha256(Files.readAllBytes(file)));
    assertThat(etag(ref)).endsWith("-5");
    assertThat(store.head(ref).orElseThrow().size()).isEqualTo(SIZE);
    assertThat(S3.client().listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).isEmpty();
  }

  @Test
  void plainStreamAboveThreshold_roundTripsByteExactInParts() throws Exception {
    DataReference ref = ref("from-stream/big.bin");
    byte[] data = Files.readAllBytes(file);
    // trailing bytes past the declared size are not sent, as with a single PUT
    byte[] longer = java.util.Arrays.copyOf(data, SIZE + 100);
    store.write(ref, new ByteArrayInputStream(longer), SIZE);

    assertThat(sha256(stored(ref))).isEqualTo(sha256(data));
    assertThat(etag(ref)).endsWith("-5");
  }

  @Test
  void countingFileStream_isReadInRangesFromItsPosition_andCountsEachByteOnce() throws Exception {
    DataReference ref = ref("from-counting/big.bin");
    AtomicLong counted = new AtomicLong();
    try (CountingFileInputStream in = CountingFileInputStream.open(file, counted::addAndGet)) {
      in.skipNBytes(MIB);
      counted.set(0);
      store.write(ref, in, SIZE - MIB);
    }

    byte[] data = Files.readAllBytes(file);
    assertThat(sha256(stored(ref))).isEqualTo(sha256(java.util.Arrays.copyOfRange(data, MIB, SIZE)));
    assertThat(etag(ref)).endsWith("-5");
    assertThat(counted.get()).isEqualTo(SIZE - MIB);
  }

  @Test
  void countingStreamOverAChannelThatIsNotAFileChannel_isReadSequentially_andRoundTripsByteExact() throws Exception {
    DataReference ref = ref("from-plain-channel/big.bin");
    AtomicLong counted = new AtomicLong();
    try (CountingFileInputStream in = CountingFileInputStream.of(
        new PlainChannel(FileChannel.open(file, StandardOpenOption.READ)), counted::addAndGet)) {
      assertThat(in.supportsRanges()).isFalse();
      assertThatThrownBy(() -> in.range(0, 10, false)).isInstanceOf(IllegalStateException.class);
      in.skipNBytes(MIB);
      counted.set(0);
      store.write(ref, in, SIZE - MIB);
    }

    byte[] data = Files.readAllBytes(file);
    assertThat(sha256(stored(ref))).isEqualTo(sha256(java.util.Arrays.copyOfRange(data, MIB, SIZE)));
    assertThat(etag(ref)).endsWith("-5");
    assertThat(counted.get()).isEqualTo(SIZE - MIB);
    assertThat(S3.client().listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).isEmpty();
  }

  /** A seekable channel that is not a {@link FileChannel}, as another file system provider might return. */
  private static final class PlainChannel implements SeekableByteChannel {
    private final SeekableByteChannel delegate;

    PlainChannel(SeekableByteChannel delegate) {
      this.delegate = delegate;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return delegate.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return delegate.write(src);
    }

    @Override
    public long position() throws IOException {
      return delegate.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      delegate.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return delegate.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
      delegate.truncate(size);
      return this;
    }

    @Override
    public boolean isOpen() {
      return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }

  @Test
  void objectBelowThreshold_isOneSinglePartPut() throws Exception {
    DataReference ref = ref("small/five.bin");
    byte[] data = java.util.Arrays.copyOf(Files.readAllBytes(file), 5 * MIB);
    store.write(ref, new ByteArrayInputStream(data), data.length);

    assertThat(etag(ref)).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
  }

  @Test
  void streamFailingMidUpload_abortsAndLeavesNothing() throws Exception {
    // the listing of uploads works on this server: one started by hand is seen, then aborted
    String id = S3.client().createMultipartUpload(c -> c.bucket(BUCKET).key("probe")).uploadId();
    assertThat(S3.client().listMultipartUploads(l -> l.bucket(BUCKET)).uploads()).hasSize(1);
    S3.client().abortMultipartUpload(a -> a.bucket(BUCKET).key("probe").uploadId(id));

    DataReference ref = ref("failing/big.bin");
    InputStream failing = new FilterInputStream(Files.newInputStream(file)) {
      private long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read >= 12 * MIB) {
          throw new IOException("disk on fire");
        }
        int n = super.read(b, off, (int) Math.min(len, 12 * MIB - read));
        read += Math.max(n, 0);
        return n;
      }
    };
    try (failing) {
      assertThatThrownBy(() -> store.write(ref, failing, SIZE))
          .isInstanceOf(StorageException.class)
          .hasMessage("write s3://multipart/failing/big.bin: cannot read the source: disk on fire; "
              + "the multipart upload was aborted");
    }
    assertNothingLeft(ref);
  }

  @Test
  void streamShorterThanDeclared_abortsNamingTheSizes() {
    DataReference ref = ref("short/big.bin");
    assertThatThrownBy(() -> store.write(ref, new ByteArrayInputStream(new byte[8 * MIB]), SIZE))
        .hasMessage("write s3://multipart/short/big.bin: cannot read the source: the stream ended after "
            + 8 * MIB + " of " + SIZE + " bytes; the multipart upload was aborted");
    assertNothingLeft(ref);
  }

  @Test
  void fileShrinkingMidUpload_failsThePartAndAborts() throws Exception {
    Path shrinking = Files.copy(file, tmp.resolve("shrinking.bin"));
    DataReference ref = ref("shrinking/big.bin");
    try (CountingFileInputStream in = CountingFileInputStream.open(shrinking, n -> {})) {
      try (RandomAccessFile raf = new RandomAccessFile(shrinking.toFile(), "rw")) {
        raf.setLength(12 * MIB);
      }
      assertThatThrownBy(() -> store.write(ref, in, SIZE))
          .isInstanceOf(StorageException.class)
          .hasMessageMatching("write \\(part [3-5] of 5\\) s3://multipart/shrinking/big\\.bin: cannot read the part: "
              + "the file ended at byte \\d+ \\(it shrank while being uploaded\\); the multipart upload was aborted");
    }
    assertNothingLeft(ref);
  }

  @Test
  void interruptedUpload_abortsAndKeepsTheInterruptFlag() throws Exception {
    DataReference ref = ref("interrupted/big.bin");
    CountDownLatch blocked = new CountDownLatch(1);
    InputStream stalling = new FilterInputStream(Files.newInputStream(file)) {
      private long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read >= 11 * MIB) {
          blocked.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stalled read interrupted");
          }
        }
        int n = super.read(b, off, (int) Math.min(len, 11 * MIB - read));
        read += Math.max(n, 0);
        return n;
      }
    };
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        store.write(ref, stalling, SIZE);
      } catch (Throwable e) {
        thrown.set(e);
      }
      flag.set(Thread.currentThread().isInterrupted());
    });
    t.start();
    assertThat(blocked.await(60, TimeUnit.SECONDS)).isTrue();
    t.interrupt();
    t.join(60_000);
    stalling.close();

    assertThat(thrown.get()).isInstanceOf(StorageException.class)
        .hasMessage("write s3://multipart/interrupted/big.bin: interrupted; the multipart upload was aborted");
    assertThat(flag.get()).isTrue();
    assertNothingLeft(ref);
  }

  @Test
  void partSize_isRaisedToKeepWithinTenThousandParts() {
    long configured = 16L * MIB;
    assertThat(S3MultipartUpload.partSize(1L << 30, configured)).isEqualTo(configured);
    assertThat(S3MultipartUpload.partSize(200L << 30, configured)).isEqualTo(21L * MIB);
    long fiveTib = S3MultipartUpload.MAX_OBJECT_SIZE;
    long part = S3MultipartUpload.partSize(fiveTib, configured);
    assertThat((fiveTib + part - 1) / part).isLessThanOrEqualTo(S3MultipartUpload.MAX_PARTS);
    assertThat(part).isLessThanOrEqualTo(S3StoreConfig.Multipart.MAX_PART_SIZE);
  }

  @Test
  void config_defaultsAndUnits() {
    S3StoreConfig.Multipart d = S3StoreConfig.fromStow(stow(Map.of()), "storage.stow").multipart();
    assertThat(d).isEqualTo(new S3StoreConfig.Multipart(64L * MIB, 16L * MIB, 4));
    S3StoreConfig.Multipart m = S3StoreConfig.fromStow(stow(Map.of("multipart_threshold", "100MB",
        "multipart_part_size", "8388608", "multipart_concurrency", "8")), "storage.stow").multipart();
    assertThat(m).isEqualTo(new S3StoreConfig.Multipart(100_000_000L, 8L * MIB, 8));
  }

  @Test
  void config_badValuesNameTheKey() {
    assertThatThrownBy(() -> S3StoreConfig.fromStow(stow(Map.of("multipart_part_size", "4MiB")), "storage.stow"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("storage.stow.config.multipart_part_size: [4MiB] must be from 5MiB to 5GiB (S3's limits for a part)")
        .extracting(e -> ((ConfigException) e).key()).isEqualTo("storage.stow.config.multipart_part_size");
    assertThatThrownBy(() -> S3StoreConfig.fromStow(stow(Map.of("multipart_part_size", "lots")), "storage.stow"))
        .hasMessage("storage.stow.config.multipart_part_size: [lots] is not a size (bytes, or a number with KiB/MiB/GiB)");
    assertThatThrownBy(() -> S3StoreConfig.fromStow(stow(Map.of("multipart_threshold", "6GiB")), "storage.schemes.s3"))
        .hasMessage("storage.schemes.s3.config.multipart_threshold: [6GiB] must be from 5MiB to 5GiB "
            + "(S3 takes at most 5GiB in one PUT)");
    assertThatThrownBy(() -> S3StoreConfig.fromStow(stow(Map.of("multipart_concurrency", "0")), "storage.stow"))
        .hasMessage("storage.stow.config.multipart_concurrency: [0] must be a whole number from 1 to 64");
  }
}
