package org.flyte.copilot.core.storage.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.LazyClient;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;

/**
 * Google Cloud Storage ({@code gs://bucket/key}) through the JSON API. Small objects go up in one
 * request, larger ones as resumable uploads; large downloads are split into parallel ranged reads;
 * every whole-object transfer is checked against the object's CRC32C. The client is built on first
 * use. Thread-safe.
 */
public final class GcsStore implements ObjectStore {
  private static final BlobField[] HEAD_FIELDS = {BlobField.NAME, BlobField.SIZE, BlobField.GENERATION,
      BlobField.CRC32C, BlobField.MD5HASH, BlobField.CONTENT_ENCODING};
  private static final int READ_BUFFER = 2 * 1024 * 1024;

  private final GcsConfig config;
  private final Object lock = new Object();
  private final LazyClient<Storage> client;
  private final GcsUploads uploads;
  private ExecutorService partPool;

  public GcsStore(GcsConfig config) {
    this.config = config;
    this.client = new LazyClient<>(() -> GcsClients.build(config));
    this.uploads = new GcsUploads(this, config);
  }

  /** Opens the backend for {@code stow} ({@code storage.stow} or {@code storage.schemes.gs}). */
  public static GcsStore open(StowConfig stow, String keyForErrors) {
    return open(stow, keyForErrors, System.getenv());
  }

  static GcsStore open(StowConfig stow, String keyForErrors, Map<String, String> env) {
    return new GcsStore(GcsConfig.forStore(stow, keyForErrors, env));
  }

  public GcsConfig config() {
    return config;
  }

  @Override
  public String scheme() {
    return "gs";
  }

  Storage storage() {
    return client.get();
  }

  @Override
  public Optional<ObjectInfo> head(DataReference ref) {
    return Optional.ofNullable(metadata("head", ref)).map(b -> info(ref, b));
  }

  /** The object's metadata, or null when it does not exist. */
  Blob metadata(String op, DataReference ref) {
    BlobId id = objectId(op, ref);
    try {
      return storage().get(id, BlobGetOption.fields(HEAD_FIELDS));
    } catch (RuntimeException e) {
      throw GcsFailures.translate(op, ref, e, config);
    }
  }

  private Blob existing(String op, DataReference ref) {
    Blob b = metadata(op, ref);
    if (b == null) {
      throw notFound(op, ref);
    }
    return b;
  }

  /**
   * Why {@code ref} is missing: the metadata call hides whether the object or its bucket is absent,
   * a one-byte read answers with GCS's own reason.
   */
  private RuntimeException notFound(String op, DataReference ref) {
    try (ReadChannel channel = storage().reader(BlobId.of(ref.container(), ref.key()))) {
      channel.limit(1);
      channel.read(ByteBuffer.allocate(1));
    } catch (IOException | RuntimeException e) {
      RuntimeException t = GcsFailures.translate(op, ref, e, config);
      if (t instanceof ObjectNotFoundException) {
        return t;
      }
    }
    return new ObjectNotFoundException(op, ref);
  }

  @Override
  public InputStream read(DataReference ref) {
    Blob b = existing("read", ref);
    InputStream in = open("read", ref, b.getGeneration(), 0, -1);
    return new VerifyingInputStream(in, ref, expectedSize(b), expectedCrc(b), "read", config);
  }

  @Override
  public byte[] readAllBytes(DataReference ref) {
    try (InputStream in = read(ref)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw GcsFailures.translate("read", ref, e, config);
    }
  }

  @Override
  public InputStream readRange(DataReference ref, long offset, long length) {
    ObjectStore.requireRange(offset, length);
    // The metadata pins the generation and clamps the range: past the end is an empty stream.
    Blob b = existing("read range", ref);
    long size = b.getSize() == null ? Long.MAX_VALUE : b.getSize();
    long n = Math.min(length, Math.max(0, size - offset));
    if (n == 0) {
      return InputStream.nullInputStream();
    }
    InputStream in = open("read range", ref, b.getGeneration(), offset, n);
    return new VerifyingInputStream(in, ref, isGzip(b) ? -1 : n, null, "read range", config);
  }

  /**
   * One metadata request pins the range to the generation whose tag is {@code etag}; a whole object
   * read this way is checked against its CRC32C, as {@link #read} is.
   */
  @Override
  public InputStream readRange(DataReference ref, long offset, long length, String etag) {
    ObjectStore.requireRange(offset, length);
    Blob b = existing("read range", ref);
    if (!etag.isEmpty() && !etag.equals(info(ref, b).etag())) {
      throw new org.flyte.copilot.core.storage.ObjectChangedException("read range", ref, etag);
    }
    long size = b.getSize() == null ? Long.MAX_VALUE : b.getSize();
    long n = Math.min(length, Math.max(0, size - offset));
    if (n == 0) {
      return InputStream.nullInputStream();
    }
    if (offset == 0 && n == size) {
      return new VerifyingInputStream(open("read", ref, b.getGeneration(), 0, -1), ref, expectedSize(b),
          expectedCrc(b), "read", config);
    }
    InputStream in = open("read range", ref, b.getGeneration(), offset, n);
    return new VerifyingInputStream(in, ref, isGzip(b) ? -1 : n, null, "read range", config);
  }

  /**
   * A stream over the object, or a range of it, pinned to {@code generation} when given. The first
   * bytes are fetched here, so a missing object fails now rather than at the first read.
   */
  InputStream open(String op, DataReference ref, Long generation, long offset, long length) {
    BlobId id = BlobId.of(ref.container(), ref.key(), generation);
    ReadChannel channel = null;
    try {
      channel = storage().reader(id);
      channel.setChunkSize(READ_BUFFER);
      if (offset > 0) {
        channel.seek(offset);
      }
      if (length >= 0) {
        channel.limit(offset + length);
      }
      BufferedInputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
      in.mark(1);
      in.read();
      in.reset();
      return in;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      throw GcsFailures.translate(op, ref, e, config);
    }
  }

  /** Whole downloads keep the CRC32C check and the handling of gzip-encoded objects of {@link #readTo}. */
  @Override
  public boolean downloadsWhole(DataReference ref) {
    return true;
  }

  @Override
  public void readTo(DataReference ref, Path target) {
    Blob b = existing("download to " + target, ref);
    long size = b.getSize() == null ? -1 : b.getSize();
    boolean transcoded = isGzip(b);
    if (size >= config.parallelDownloadMin() && !transcoded && config.downloadConcurrency() > 1) {
      new ParallelDownload(this, ref, target, size, b.getGeneration(), expectedCrc(b)).run(partPool());
      return;
    }
    try (InputStream in = new VerifyingInputStream(open("download to " + target, ref, b.getGeneration(), 0, -1),
        ref, expectedSize(b), expectedCrc(b), "download to " + target, config)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      deleteQuietly(target);
      throw GcsFailures.translate("download to " + target, ref, e, config);
    } catch (RuntimeException e) {
      deleteQuietly(target);
      throw e;
    }
  }

  @Override
  public void write(DataReference ref, Path file) {
    uploads.write(ref, objectId("write from " + file, ref), file);
  }

  @Override
  public void write(DataReference ref, InputStream in, long size) {
    uploads.write(ref, objectId("write", ref), in, size);
  }

  @Override
  public ListPage listPage(DataReference prefix, String token, int pageSize) {
    if (prefix.container().isEmpty()) {
      throw new StorageException("list", prefix, "no bucket in the reference (expected gs://bucket/prefix)");
    }
    List<BlobListOption> options = new ArrayList<>();
    options.add(BlobListOption.prefix(prefix.keyPrefix()));
    options.add(BlobListOption.pageSize(pageSize));
    options.add(BlobListOption.fields(BlobField.NAME, BlobField.SIZE, BlobField.MD5HASH, BlobField.CRC32C));
    if (token != null) {
      options.add(BlobListOption.pageToken(token));
    }
    Page<Blob> page;
    try {
      page = storage().list(prefix.container(), options.toArray(new BlobListOption[0]));
    } catch (RuntimeException e) {
      throw GcsFailures.translate("list", prefix, e, config);
    }
    List<ObjectInfo> infos = new ArrayList<>();
    for (Blob b : page.getValues()) {
      // "folder/" placeholders made by the console hold no data and name no file
      if (b.getName().endsWith("/")) {
        continue;
      }
      infos.add(info(new DataReference(prefix.scheme().isEmpty() ? "gs" : prefix.scheme(), prefix.container(),
          b.getName()), b));
    }
    String next = page.getNextPageToken();
    return new ListPage(infos, next == null || next.isEmpty() ? null : next);
  }

  @Override
  public void delete(DataReference ref) {
    BlobId id = objectId("delete", ref);
    try {
      storage().delete(id);
    } catch (RuntimeException e) {
      throw GcsFailures.translate("delete", ref, e, config);
    }
  }

  /**
   * Lists at most one object: a missing bucket answers 404. A 403 is accepted, since a service
   * account may read and write objects without the right to list them.
   */
  @Override
  public void checkContainer(String container) {
    DataReference ref = new DataReference(scheme(), container, "");
    try {
      storage().list(container, BlobListOption.pageSize(1), BlobListOption.fields(BlobField.NAME));
    } catch (RuntimeException e) {
      RuntimeException t = GcsFailures.translate("open bucket", ref, e, config);
      if (t instanceof StorageException se && se.getCause() instanceof com.google.cloud.BaseServiceException b
          && b.getCode() == 403) {
        return;
      }
      throw t;
    }
  }

  @Override
  public void close() {
    ExecutorService pool;
    synchronized (lock) {
      pool = partPool;
      partPool = null;
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    Storage s = client.take();
    if (s != null) {
      try {
        s.close();
      } catch (Exception ignored) {
        // nothing to release that matters at exit
      }
    }
  }

  private ExecutorService partPool() {
    synchronized (lock) {
      if (partPool == null) {
        partPool = Executors.newFixedThreadPool(config.downloadConcurrency(), r -> {
          Thread t = new Thread(r, "gcs-part");
          t.setDaemon(true);
          return t;
        });
      }
      return partPool;
    }
  }

  private static BlobId objectId(String op, DataReference ref) {
    if (ref.container().isEmpty()) {
      throw new StorageException(op, ref, "no bucket in the reference (expected gs://bucket/key)");
    }
    if (ref.key().isEmpty()) {
      throw new StorageException(op, ref, "the reference names a bucket, not an object");
    }
    return BlobId.of(ref.container(), ref.key());
  }

  private static ObjectInfo info(DataReference ref, BlobInfo b) {
    String tag = "";
    if (b.getMd5() != null && !b.getMd5().isEmpty()) {
      tag = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(b.getMd5()));
    } else if (b.getCrc32c() != null) {
      tag = "crc32c:" + b.getCrc32c();
    }
    return new ObjectInfo(ref, b.getSize() == null ? 0 : b.getSize(), tag);
  }

  /** The number of bytes a whole download must deliver; -1 when GCS serves other bytes than it stores. */
  private static long expectedSize(BlobInfo b) {
    return isGzip(b) || b.getSize() == null ? -1 : b.getSize();
  }

  /** The CRC32C to check a whole download against; null when GCS serves other bytes than it hashed. */
  private static Integer expectedCrc(BlobInfo b) {
    return isGzip(b) ? null : Crc32cs.fromBase64(b.getCrc32c());
  }

  /** Objects stored gzip-encoded are served decompressed (transcoding); their CRC is of the gzip bytes. */
  private static boolean isGzip(BlobInfo b) {
    return b.getContentEncoding() != null && b.getContentEncoding().toLowerCase(java.util.Locale.ROOT).contains("gzip");
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort
    }
  }

  @Override
  public String toString() {
    return "GcsStore[" + config + "]";
  }
}
