package org.flyte.copilot.core.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.BoundedInputStream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.MultipartUpload;
import org.flyte.copilot.core.storage.ObjectChangedException;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.LazyClient;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.PinnedRangeStore;
import org.flyte.copilot.core.storage.TempFiles;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.transfer.CountingFileInputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 (or S3-compatible) bucket as an object store, on the AWS SDK v2 sync client with the Apache 5
 * HTTP client. The client is built on first use, so constructing a store touches no network and
 * resolves no credentials. Thread-safe.
 *
 * <p>Objects below {@code multipart_threshold} are written with one PutObject; larger ones as a
 * multipart upload ({@link S3MultipartUpload}).
 */
public final class S3Store implements PinnedRangeStore {
  private final S3StoreConfig config;
  /** The client and the credentials provider built for it: closed together, never one without the other. */
  private record Built(S3Client client, AwsCredentialsProvider credentials) {}

  private final LazyClient<Built> client = new LazyClient<>(this::buildClient);
  /** Buckets seen to exist, so a 404 on HEAD needs at most one extra request per bucket. */
  private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();

  public S3Store(S3StoreConfig config) {
    this.config = config;
  }

  /** A store from stow {@code s3} settings; {@code configKey} (e.g. {@code storage.stow}) names them in errors. */
  public static S3Store fromStow(StowConfig stow, String configKey) {
    return new S3Store(S3StoreConfig.fromStow(stow, configKey));
  }

  public S3StoreConfig config() {
    return config;
  }

  @Override
  public String scheme() {
    return "s3";
  }

  /** The SDK client, built on first call and closed with this store. */
  public S3Client client() {
    return client.get().client();
  }

  private Built buildClient() {
    AwsCredentialsProvider credentials = switch (config.authType()) {
      case ACCESSKEY -> StaticCredentialsProvider.create(config.sessionToken().isEmpty()
          ? AwsBasicCredentials.create(config.accessKeyId(), config.secretKey())
          : AwsSessionCredentials.create(config.accessKeyId(), config.secretKey(), config.sessionToken()));
      case IAM -> DefaultCredentialsProvider.builder().build();
    };
    Apache5HttpClient.Builder http = Apache5HttpClient.builder().socketTimeout(config.readTimeout());
    if (config.endpoint() != null && "http".equalsIgnoreCase(config.endpoint().getScheme())) {
      // plain http (in-cluster MinIO): no TLS, so no trust store to load and parse (~0.5 s of start-up)
      http.tlsTrustManagersProvider(() -> new javax.net.ssl.TrustManager[0]);
    }
    S3ClientBuilder b = S3Client.builder()
        .region(Region.of(config.region()))
        .credentialsProvider(credentials)
        .httpClientBuilder(http)
        .putAuthScheme(new UnsignedPayloadAuthScheme())
        // Flexible checksums (aws-chunked trailers) are not understood by every S3-compatible server;
        // integrity is checked by the transfer layer from sizes and ETags.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint()).forcePathStyle(true);
    }
    return new Built(b.build(), credentials);
  }

  @Override
  public Optional<ObjectInfo> head(DataReference ref) {
    requireKey("head", ref);
    try {
      HeadObjectResponse r = client().headObject(h -> h.bucket(ref.container()).key(ref.key()));
      knownBuckets.add(ref.container());
      return Optional.of(new ObjectInfo(ref, r.contentLength(), stripQuotes(r.eTag())));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        checkBucket("head", ref);
        return Optional.empty();
      }
      throw S3Errors.translate("head", ref, e, config);
    } catch (SdkException e) {
      throw S3Errors.translate("head", ref, e, config);
    }
  }

  @Override
  public InputStream read(DataReference ref) {
    requireKey("read", ref);
    try {
      return client().getObject(GetObjectRequest.builder().bucket(ref.container()).key(ref.key()).build());
    } catch (SdkException e) {
      throw S3Errors.translate("read", ref, e, config);
    }
  }

  /** One ranged GET; with an ETag it carries {@code If-Match}, and S3's 412 becomes {@link ObjectChangedException}. */
  @Override
  public InputStream readRange(DataReference ref, long offset, long length, String etag) {
    requireKey("read range", ref);
    ObjectStore.requireRange(offset, length);
    if (length == 0) {
      Optional<ObjectInfo> info = head(ref);
      if (info.isEmpty()) {
        throw new ObjectNotFoundException("read range", ref);
      }
      if (!etag.isEmpty() && !etag.equals(info.get().etag())) {
        throw new ObjectChangedException("read range", ref, etag);
      }
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(ref.container()).key(ref.key()).range(range);
    if (!etag.isEmpty()) {
      get.ifMatch('"' + etag + '"');
    }
    try {
      ResponseInputStream<GetObjectResponse> in = client().getObject(get.build());
      if (in.response().contentRange() == null) {
        // the server ignored the Range header and is sending the whole object
        return new BoundedInputStream(new AbortingBody(in), offset, length);
      }
      return new AbortingBody(in);
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return InputStream.nullInputStream(); // offset at or past the end
      }
      if (e.statusCode() == 412) {
        throw new ObjectChangedException("read range", ref, etag);
      }
      throw S3Errors.translate("read range", ref, e, config);
    } catch (SdkException e) {
      throw S3Errors.translate("read range", ref, e, config);
    }
  }

  @Override
  public void write(DataReference ref, Path file) {
    String op = "write from " + file;
    requireKey(op, ref);
    if (!Files.isRegularFile(file)) {
      throw new StorageException(op, ref, "the source file does not exist or is not a regular file");
    }
    try {
      if (Files.size(file) >= config.multipart().threshold()) {
        try (CountingFileInputStream in = CountingFileInputStream.open(file, n -> {})) {
          S3MultipartUpload.fromFile(client(), config, op, ref, in, 0, in.size(), false);
        }
        return;
      }
    } catch (IOException e) {
      throw ObjectStore.wrap(op, ref, e);
    }
    String sum;
    try (InputStream in = Files.newInputStream(file)) {
      sum = config.checksum().of(in, Files.size(file));
    } catch (IOException e) {
      throw ObjectStore.wrap(op, ref, e);
    }
    try {
      client().putObject(p -> checksum(p.bucket(ref.container()).key(ref.key()), sum), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw S3Errors.translate(op, ref, e, config);
    } catch (java.io.UncheckedIOException e) {
      throw new StorageException(op, ref, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>From {@code multipart_threshold} bytes on, a {@link CountingFileInputStream} that {@linkplain
   * CountingFileInputStream#supportsRanges supports ranges} is uploaded by reading its file in ranges
   * from its current position (the stream itself does not move), in parallel and without buffering.
   * Any other stream is read one part at a time into buffers: at most
   * {@code multipart_concurrency} parts of {@code multipart_part_size} bytes per upload, and never
   * more than a quarter of the maximum heap; when not even one part fits, the stream is first copied
   * to a temporary file.
   */
  @Override
  public void write(DataReference ref, InputStream in, long size) {
    requireKey("write", ref);
    if (size < 0) {
      writeUnknownSize(ref, in);
      return;
    }
    if (size >= config.multipart().threshold()) {
      writeMultipart(ref, in, size);
      return;
    }
    String sum = checksumOf(ref, in, size);
    try {
      client().putObject(p -> checksum(p.bucket(ref.container()).key(ref.key()).contentLength(size), sum),
          RequestBody.fromInputStream(in, size));
    } catch (SdkException e) {
      throw S3Errors.translate("write", ref, e, config);
    } catch (java.io.UncheckedIOException e) {
      throw new StorageException("write", ref, e);
    }
  }

  private PutObjectRequest.Builder checksum(PutObjectRequest.Builder put, String sum) {
    if (sum == null) {
      return put;
    }
    return config.checksum() == S3Checksums.MD5 ? put.contentMD5(sum) : put.checksumCRC32C(sum);
  }

  /**
   * The checksum of the next {@code size} bytes of {@code in}, read without consuming them: a file
   * stream is read through a second, uncounted range; another stream must support mark/reset (else
   * the body goes without a checksum).
   */
  private String checksumOf(DataReference ref, InputStream in, long size) {
    try {
      if (in instanceof CountingFileInputStream file && file.supportsRanges()) {
        try (InputStream range = file.range(file.position(), size, false)) {
          return config.checksum().of(range, size);
        }
      }
      if (in.markSupported() && size < Integer.MAX_VALUE) {
        in.mark((int) size + 1);
        String sum = config.checksum().of(in, size);
        in.reset();
        return sum;
      }
      return null;
    } catch (IOException e) {
      throw ObjectStore.wrap("write", ref, e);
    }
  }

  private void writeMultipart(DataReference ref, InputStream in, long size) {
    if (in instanceof CountingFileInputStream file && file.supportsRanges()) {
      long position;
      try {
        position = file.position();
      } catch (IOException e) {
        throw ObjectStore.wrap("write", ref, e);
      }
      if (file.size() - position < size) {
        throw new StorageException("write", ref, "the file has " + (file.size() - position)
            + " bytes left to read, fewer than the " + size + " to write");
      }
      S3MultipartUpload.fromFile(client(), config, "write", ref, file, position, size, true);
      return;
    }
    int buffers = S3MultipartUpload.bufferedParts(config, size);
    if (buffers > 0) {
      S3MultipartUpload.fromStream(client(), config, "write", ref, in, size, buffers);
      return;
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile("copilot-s3-", ".part");
      long copied;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        copied = new BoundedInputStream(in, 0, size).transferTo(out); // closing it would close the caller's stream
      }
      if (copied != size) {
        throw new StorageException("write", ref, "the stream ended after " + copied + " of " + size + " bytes");
      }
      write(ref, tmp);
    } catch (IOException e) {
      throw ObjectStore.wrap("write", ref, e);
    } finally {
      TempFiles.deleteQuietly(tmp);
    }
  }

  /** S3 needs the length up front: spool a stream of unknown size to a temporary file. */
  private void writeUnknownSize(DataReference ref, InputStream in) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("copilot-s3-", ".part");
      Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      write(ref, tmp);
    } catch (IOException e) {
      throw ObjectStore.wrap("write", ref, e);
    } finally {
      TempFiles.deleteQuietly(tmp);
    }
  }

  /** From {@code multipart_threshold} bytes on, a multipart upload whose parts the caller sends. */
  @Override
  public Optional<MultipartUpload> startMultipart(DataReference ref, long size) {
    requireKey("write", ref);
    if (size < config.multipart().threshold()) {
      return Optional.empty();
    }
    return Optional.of(S3PartedUpload.start(client(), config, ref, size));
  }

  @Override
  public ListPage listPage(DataReference prefix, String token, int pageSize) {
    if (prefix.container().isEmpty()) {
      throw new StorageException("list", prefix, "the reference names no bucket");
    }
    ListObjectsV2Request.Builder req = ListObjectsV2Request.builder()
        .bucket(prefix.container())
        .prefix(prefix.keyPrefix())
        .maxKeys(Math.max(1, Math.min(pageSize, 1000)));
    if (token != null) {
      req.continuationToken(token);
    }
    ListObjectsV2Response r;
    try {
      r = client().listObjectsV2(req.build());
    } catch (SdkException e) {
      throw S3Errors.translate("list", prefix, e, config);
    }
    knownBuckets.add(prefix.container());
    List<ObjectInfo> infos = new ArrayList<>(r.contents().size());
    for (S3Object o : r.contents()) {
      if (o.key().endsWith("/")) {
        continue; // "folder" marker objects created by consoles; they hold no file
      }
      DataReference child = new DataReference(prefix.scheme(), prefix.container(), o.key());
      infos.add(new ObjectInfo(child, o.size() == null ? 0 : o.size(), stripQuotes(o.eTag())));
    }
    boolean more = Boolean.TRUE.equals(r.isTruncated()) && r.nextContinuationToken() != null;
    return new ListPage(infos, more ? r.nextContinuationToken() : null);
  }

  @Override
  public void delete(DataReference ref) {
    requireKey("delete", ref);
    try {
      client().deleteObject(d -> d.bucket(ref.container()).key(ref.key()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
        return;
      }
      throw S3Errors.translate("delete", ref, e, config);
    } catch (SdkException e) {
      throw S3Errors.translate("delete", ref, e, config);
    }
  }

  @Override
  public void close() {
    Built built = client.take();
    if (built == null) {
      return;
    }
    built.client().close();
    if (built.credentials() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // nothing to release that matters at shutdown
      }
    }
  }

  @Override
  public void checkContainer(String container) {
    checkBucket("open bucket", new DataReference(scheme(), container, ""));
  }

  /** HEAD answers 404 without a body, so a missing bucket looks like a missing key: ask the bucket. */
  private void checkBucket(String operation, DataReference ref) {
    if (knownBuckets.contains(ref.container())) {
      return;
    }
    try {
      client().headBucket(h -> h.bucket(ref.container()));
      knownBuckets.add(ref.container());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw S3Errors.bucketMissing(operation, ref);
      }
      // 403: the caller may read objects without the right to list the bucket; assume it exists
    } catch (SdkException e) {
      throw S3Errors.translate(operation, ref, e, config);
    }
  }

  private static void requireKey(String operation, DataReference ref) {
    if (ref.container().isEmpty()) {
      throw new StorageException(operation, ref, "the reference names no bucket");
    }
    if (ref.key().isEmpty()) {
      throw new StorageException(operation, ref, "the reference names a bucket, not an object");
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /**
   * A GET body that, closed before its end (a failed or cancelled transfer), aborts its connection
   * instead of reading the rest: draining it would move bytes nobody wants, or, from a store that
   * stopped answering, block until the read timeout.
   */
  private static final class AbortingBody extends java.io.FilterInputStream {
    private final ResponseInputStream<GetObjectResponse> body;
    /** Bytes still due by the response's Content-Length (-1: unknown, read to the end). */
    private long left;

    AbortingBody(ResponseInputStream<GetObjectResponse> body) {
      super(body);
      this.body = body;
      Long length = body.response().contentLength();
      this.left = length == null ? -1 : length;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(n);
      return n;
    }

    private void count(int n) {
      if (n < 0) {
        left = 0;
      } else if (left > 0) {
        left = Math.max(0, left - n);
      }
    }

    @Override
    public void close() throws IOException {
      if (left != 0) {
        body.abort();
      }
      super.close();
    }
  }

  static String stripQuotes(String etag) {
    if (etag == null) {
      return "";
    }
    String t = etag.startsWith("W/") ? etag.substring(2) : etag;
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }
}
