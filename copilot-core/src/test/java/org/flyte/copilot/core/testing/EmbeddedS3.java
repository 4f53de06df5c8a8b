package org.flyte.copilot.core.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3-protocol server (s3proxy, in-process) on 127.0.0.1 with a free port, for tests. Credentials
 * are {@link #ACCESS_KEY}/{@link #SECRET_KEY}, region {@link #REGION}; buckets are created on demand.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();
 *
 * String bucket = S3.newBucket();
 * StorageConfig cfg = S3.storageConfig(bucket);       // for Stores.open(...)
 * S3.client().putObject(...);                          // raw SDK client for arranging and asserting
 * }</pre>
 */
public final class EmbeddedS3 extends S3TestServer {
  public static final String ACCESS_KEY = "access";
  public static final String SECRET_KEY = "secretsecret";
  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;

  private EmbeddedS3(S3Proxy proxy) {
    super(URI.create("http://127.0.0.1:" + proxy.getPort()), ACCESS_KEY, SECRET_KEY, REGION);
    this.proxy = proxy;
  }

  /** Starts a server that keeps objects in memory. */
  public static EmbeddedS3 start() {
    return new EmbeddedS3(startProxy(new TransientNio2BlobStore()));
  }

  /** Starts a server that keeps each bucket as a sub-directory of {@code dir}. */
  public static EmbeddedS3 start(Path dir) {
    return new EmbeddedS3(startProxy(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString())));
  }

  private static S3Proxy startProxy(BlobStore blobStore) {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // the SDK sends headers s3proxy does not know (x-amz-sdk-checksum-algorithm...)
        .ignoreUnknownHeaders(true)
        .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("s3proxy did not start within 30 s, state " + proxy.getState());
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      stopQuietly(proxy);
      throw new IllegalStateException("cannot start the embedded S3 server: " + e, e);
    }
    return proxy;
  }

  @Override
  protected void stopServer() {
    stopQuietly(proxy);
  }

  private static void stopQuietly(S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // the server is going away with the test JVM anyway
    }
  }
}
