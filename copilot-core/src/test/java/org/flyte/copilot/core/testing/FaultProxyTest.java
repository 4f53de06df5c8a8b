package org.flyte.copilot.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.storage.s3.S3StoreConfig;
import org.flyte.copilot.core.testing.FaultProxy.DeadStore;
import org.flyte.copilot.core.testing.FaultProxy.Fault;
import org.flyte.copilot.core.testing.RandomBytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The fault proxy itself, seen through the real AWS SDK client against the embedded S3 server. */
@Timeout(120)
class FaultProxyTest {
  @RegisterExtension static final EmbeddedS3 S3 = EmbeddedS3.start();

  @TempDir Path tmp;
  FaultProxy proxy;
  final List<AutoCloseable> closeAfter = new ArrayList<>();
  String bucket;

  @BeforeEach
  void start() {
    proxy = FaultProxy.front(S3);
    bucket = S3.newBucket();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeAfter) {
      c.close();
    }
    proxy.close();
  }

  /** An SDK client through the proxy; {@code retries} false makes every fault reach the caller. */
  private S3Client client(boolean retries, Duration readTimeout) {
    return client(proxy, retries, readTimeout);
  }

  private S3Client client(FaultProxy through, boolean retries, Duration readTimeout) {
    S3Client c = S3Client.builder()
        .endpointOverride(through.endpoint())
        .forcePathStyle(true)
        .region(Region.of(EmbeddedS3.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
        .httpClientBuilder(Apache5HttpClient.builder().socketTimeout(readTimeout))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> {
          if (!retries) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        })
        .build();
    closeAfter.add(c);
    return c;
  }

  /** The failed upload stored nothing, and the next one on the same client goes through. */
  private void assertNothingStored_andTheNextPutGoesThrough(S3Client c) {
    assertThat(S3.client().listObjectsV2(l -> l.bucket(bucket)).contents()).isEmpty();
    c.putObject(p -> p.bucket(bucket).key("k"), RequestBody.fromString("v"));
    assertThat(S3.client().getObjectAsBytes(g -> g.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
  }

  private S3Client noRetries() {
    return client(false, Duration.ofSeconds(30));
  }

  private void putDirect(String key, byte[] bytes) {
    S3.client().putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** Reads until the stream ends or fails; returns the bytes read and the failure, if any. */
  private record Partial(int bytes, Throwable failure) {}

  private static Partial readAll(InputStream in) {
    byte[] buf = new byte[8192];
    int total = 0;
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
      }
      return new Partial(total, null);
    } catch (IOException | RuntimeException e) {
      return new Partial(total, e);
    }
  }

  /**
   * Reads a 4 MiB object through {@code c} while {@code fault} hits its GET, after the headers: they
   * announce the whole object, the body falls short with a failure, and the fault is counted once.
   */
  private Partial readCutShort(S3Client c, Fault fault, long seed) {
    byte[] body = RandomBytes.of(4 << 20, seed);
    putDirect("obj", body);
    proxy.failNext(1, fault, FaultProxy.objectGets());
    ResponseInputStream<GetObjectResponse> in = c.getObject(g -> g.bucket(bucket).key("obj"));
    assertThat(in.response().contentLength()).isEqualTo(body.length);
    Partial p = readAll(in);
    assertThat(p.failure()).as("reading a body cut short by %s", fault).isNotNull();
    assertThat(p.bytes()).isLessThan(body.length);
    assertThat(proxy.injected(fault)).isEqualTo(1);
    return p;
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void withoutFaults_putGetHeadListRangeAndMultipart_giveTheRightBytes_overKeptAliveConnections() throws Exception {
    S3Client c = noRetries();
    byte[] small = RandomBytes.of(100_000, 1);
    c.putObject(p -> p.bucket(bucket).key("a/small.bin"), RequestBody.fromBytes(small));
    c.putObject(p -> p.bucket(bucket).key("a/empty"), RequestBody.empty());
    c.putObject(p -> p.bucket(bucket).key("a/text.txt"), RequestBody.fromString("hello"));
    long expectsFromPuts = proxy.expectContinueRequests();
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("a/small.bin")).asByteArray()).isEqualTo(small);
    assertThat(S3.client().getObjectAsBytes(g -> g.bucket(bucket).key("a/small.bin")).asByteArray()).isEqualTo(small);
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("a/empty")).asByteArray()).isEmpty();
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("a/text.txt")).asUtf8String()).isEqualTo("hello");
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("a/small.bin").range("bytes=10-19")).asByteArray())
        .isEqualTo(java.util.Arrays.copyOfRange(small, 10, 20));
    assertThat(c.headObject(h -> h.bucket(bucket).key("a/small.bin")).contentLength()).isEqualTo(100_000L);
    assertThat(c.listObjectsV2(l -> l.bucket(bucket).prefix("a/")).contents()).extracting(S3Object::key)
        .containsExactly("a/empty", "a/small.bin", "a/text.txt");
    S3Exception missing = (S3Exception) catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("nope")));
    assertThat(missing.statusCode()).isEqualTo(404);

    // a multipart upload (5 MiB parts, 2 at a time) and ranged reads, through copilot's own store
    Path big = tmp.resolve("big.bin");
    byte[] bigBytes = RandomBytes.of(12 << 20, 2);
    Files.write(big, bigBytes);
    try (S3Store store = new S3Store(S3StoreConfig.ofAccessKey(proxy.endpoint(), EmbeddedS3.REGION,
        EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY).withMultipart(new S3StoreConfig.Multipart(5 << 20, 5 << 20, 2)))) {
      DataReference ref = new DataReference("s3", bucket, "mp/big.bin");
      store.write(ref, big);
      assertThat(sha(S3.client().getObjectAsBytes(g -> g.bucket(bucket).key("mp/big.bin")).asByteArray()))
          .isEqualTo(sha(bigBytes));
      assertThat(sha(store.readAllBytes(ref))).isEqualTo(sha(bigBytes));
      try (InputStream in = store.readRange(ref, 7 << 20, 1000)) {
        assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bigBytes, 7 << 20, (7 << 20) + 1000));
      }
    }
    assertThat(proxy.injectedTotal()).isZero();
    System.out.printf("fault proxy: %d requests over %d connections, %d with Expect: 100-continue (%d of them"
        + " from 3 PutObjects), %d chunked request bodies, %d chunked responses%n", proxy.requests(),
        proxy.connections(), proxy.expectContinueRequests(), expectsFromPuts, proxy.chunkedRequests(),
        proxy.chunkedResponses());
    assertThat(proxy.requests()).isGreaterThan(15);
    assertThat(proxy.connections()).as("connections are reused").isLessThan(proxy.requests() / 2);
  }

  @Test
  void resetBeforeResponse_failsTheRequestWithConnectionReset_andNeverReachesTheStore() {
    S3Client c = noRetries();
    proxy.failNext(1, Fault.RESET_BEFORE_RESPONSE);
    Throwable t = catchThrowable(() -> c.putObject(p -> p.bucket(bucket).key("k"), RequestBody.fromString("v")));
    assertThat(t).isInstanceOf(SdkClientException.class);
    assertThat(hasCause(t, SocketException.class) || String.valueOf(t.getMessage()).contains("reset"))
        .as("%s", t).isTrue();
    assertThat(proxy.injected(Fault.RESET_BEFORE_RESPONSE)).isEqualTo(1);
    assertNothingStored_andTheNextPutGoesThrough(c);
  }

  @Test
  void resetMidBody_givesTheClientFewerBytesThenAnError() {
    Partial p = readCutShort(noRetries(), Fault.RESET_MID_BODY, 3);
    assertThat(hasCause(p.failure(), SocketException.class)).as("%s", p.failure()).isTrue();
  }

  @Test
  void truncatedBody_endsCleanlyBeforeItsContentLength_andTheClientNoticesThePrematureEnd() {
    Partial p = readCutShort(noRetries(), Fault.TRUNCATED_BODY, 4);
    assertThat(p.failure().toString()).containsIgnoringCase("premature end");
  }

  @Test
  void responseBodyFaults_skipResponsesWithoutBody_andKeepTheirCredit() {
    putDirect("obj", RandomBytes.of(1000, 5));
    S3Client c = noRetries();
    proxy.failNext(1, Fault.TRUNCATED_BODY);
    assertThat(c.headObject(h -> h.bucket(bucket).key("obj")).contentLength()).isEqualTo(1000L);
    assertThat(proxy.injected(Fault.TRUNCATED_BODY)).isZero();
    Partial p = readAll(c.getObject(g -> g.bucket(bucket).key("obj")));
    assertThat(p.failure()).isNotNull();
    assertThat(proxy.injected(Fault.TRUNCATED_BODY)).isEqualTo(1);
  }

  @Test
  void slowDown_isA503WithTheS3CodeSlowDown() {
    putDirect("obj", RandomBytes.of(1000, 6));
    S3Client c = noRetries();
    proxy.failNext(1, Fault.SLOW_DOWN);
    S3Exception e = (S3Exception) catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")));
    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
    assertThat(proxy.injected(Fault.SLOW_DOWN)).isEqualTo(1);
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")).asByteArray()).hasSize(1000);
  }

  @Test
  void failEvery_hitsEveryMatchingRequest_untilHealed() {
    putDirect("obj", RandomBytes.of(1000, 13));
    putDirect("other", RandomBytes.of(10, 14));
    S3Client c = noRetries();
    proxy.failEvery(Fault.SLOW_DOWN, FaultProxy.pathEndsWith("/obj"));
    for (int i = 0; i < 3; i++) {
      S3Exception e = (S3Exception) catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")));
      assertThat(e.statusCode()).isEqualTo(503);
    }
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("other")).asByteArray()).hasSize(10);
    assertThat(proxy.injected(Fault.SLOW_DOWN)).isEqualTo(3);
    proxy.heal();
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")).asByteArray()).hasSize(1000);
  }

  @Test
  void internalError_isA500WithTheS3CodeInternalError_alsoForAnUploadWithItsBody() {
    S3Client c = noRetries();
    proxy.failNext(1, Fault.INTERNAL_ERROR);
    S3Exception e = (S3Exception) catchThrowable(() -> c.putObject(p -> p.bucket(bucket).key("k"),
        RequestBody.fromBytes(RandomBytes.of(200_000, 7))));
    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
    assertThat(proxy.injected(Fault.INTERNAL_ERROR)).isEqualTo(1);
    assertNothingStored_andTheNextPutGoesThrough(c);
  }

  @Test
  void stall_outlastsTheClientsReadTimeout() {
    putDirect("obj", RandomBytes.of(1000, 8));
    S3Client c = client(false, Duration.ofSeconds(1));
    proxy.stallFor(Duration.ofSeconds(20)).failNext(1, Fault.STALL);
    long t0 = System.nanoTime();
    Throwable t = catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(hasCause(t, SocketTimeoutException.class)).as("%s", t).isTrue();
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    assertThat(proxy.injected(Fault.STALL)).isEqualTo(1);
  }

  @Test
  void stallMidBody_stopsTheBodyForLongerThanTheReadTimeout() {
    proxy.stallFor(Duration.ofSeconds(20));
    Partial p = readCutShort(client(false, Duration.ofSeconds(1)), Fault.STALL_MID_BODY, 12);
    assertThat(hasCause(p.failure(), SocketTimeoutException.class)).as("%s", p.failure()).isTrue();
  }

  @Test
  void deadStore_refusesResetsOrBlackholes_andRevives() {
    putDirect("obj", RandomBytes.of(1000, 9));
    S3Client c = client(false, Duration.ofSeconds(1));
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")).asByteArray()).hasSize(1000);

    proxy.deadStore(DeadStore.REFUSE);
    // the connection kept alive in the client's pool was reset with the store; the next one is refused
    Throwable stale = catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")));
    assertThat(stale).isInstanceOf(SdkClientException.class);
    Throwable refused = catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")));
    assertThat(hasCause(refused, ConnectException.class)).as("%s", refused).isTrue();

    proxy.deadStore(DeadStore.RESET);
    Throwable reset = catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")));
    assertThat(reset).isInstanceOf(SdkClientException.class);

    proxy.deadStore(DeadStore.BLACKHOLE);
    Throwable silent = catchThrowable(() -> c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")));
    assertThat(hasCause(silent, SocketTimeoutException.class)).as("%s", silent).isTrue();

    proxy.deadStore(null);
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")).asByteArray()).hasSize(1000);
    assertThat(proxy.injectedTotal()).isZero();
  }

  @Test
  void storeDyingInTheMiddleOfABody_stopsTheBodyThere() throws Exception {
    byte[] body = RandomBytes.of(16 << 20, 10);
    putDirect("obj", body);
    S3Client c = client(false, Duration.ofSeconds(1));
    ResponseInputStream<GetObjectResponse> in = c.getObject(g -> g.bucket(bucket).key("obj"));
    byte[] first = in.readNBytes(1 << 20);
    assertThat(first).isEqualTo(java.util.Arrays.copyOf(body, 1 << 20));
    proxy.deadStore(DeadStore.BLACKHOLE);
    Partial rest = readAll(in);
    assertThat(rest.failure()).as("a blackholed body times out").isNotNull();
    assertThat((long) first.length + rest.bytes()).isLessThan(body.length);
  }

  @Test
  void randomFaults_followTheSeed_notTheOrderOfArrival_andHitAboutTheShare() {
    S3Client c = noRetries();
    Set<Fault> errors = EnumSet.of(Fault.SLOW_DOWN, Fault.INTERNAL_ERROR);
    proxy.randomFaults(0.2, 42, errors);
    List<Integer> first = statuses(c, 300);
    long faults = first.stream().filter(s -> s >= 500).count();
    assertThat(faults).isBetween(30L, 95L);
    assertThat(proxy.injectedTotal()).isEqualTo(faults);
    assertThat(first).contains(500, 503);

    try (FaultProxy again = FaultProxy.front(S3).randomFaults(0.2, 42, errors);
         FaultProxy other = FaultProxy.front(S3).randomFaults(0.2, 43, errors)) {
      assertThat(statuses(client(again, false, Duration.ofSeconds(30)), 300)).isEqualTo(first);
      assertThat(statuses(client(other, false, Duration.ofSeconds(30)), 300)).isNotEqualTo(first);
    }
  }

  private List<Integer> statuses(S3Client c, int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = "missing-" + i;
      Throwable t = catchThrowable(() -> c.headObject(h -> h.bucket(bucket).key(key)));
      out.add(t instanceof S3Exception e ? e.statusCode() : -1);
    }
    return out;
  }

  /** Documents which faults the SDK's default retries (standard mode, 3 attempts) absorb on their own. */
  @Test
  void sdkDefaultRetries_absorbErrorsAndResetsBeforeAResponse_butNotABrokenBodyAfterTheCallReturned() {
    byte[] body = RandomBytes.of(2 << 20, 11);
    putDirect("obj", body);
    S3Client c = client(true, Duration.ofSeconds(30));

    proxy.failNext(1, Fault.SLOW_DOWN, FaultProxy.objectGets()).failNext(1, Fault.INTERNAL_ERROR, FaultProxy.objectGets());
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")).asByteArray()).isEqualTo(body);
    assertThat(proxy.injected(Fault.SLOW_DOWN) + proxy.injected(Fault.INTERNAL_ERROR)).isEqualTo(2);

    proxy.failNext(2, Fault.RESET_BEFORE_RESPONSE);
    c.putObject(p -> p.bucket(bucket).key("put"), RequestBody.fromBytes(body));
    assertThat(proxy.injected(Fault.RESET_BEFORE_RESPONSE)).isEqualTo(2);
    assertThat(S3.client().getObjectAsBytes(g -> g.bucket(bucket).key("put")).asByteArray()).isEqualTo(body);

    // read inside the call (toBytes): the SDK retries the whole GET
    proxy.failNext(1, Fault.RESET_MID_BODY, FaultProxy.objectGets());
    assertThat(c.getObjectAsBytes(g -> g.bucket(bucket).key("obj")).asByteArray()).isEqualTo(body);
    assertThat(proxy.injected(Fault.RESET_MID_BODY)).isEqualTo(1);

    // a stream handed to the caller is not retried: the caller sees the break
    proxy.failNext(1, Fault.RESET_MID_BODY, FaultProxy.objectGets());
    Partial p = readAll(c.getObject(g -> g.bucket(bucket).key("obj")));
    assertThat(p.failure()).isNotNull();
    assertThat(p.bytes()).isLessThan(body.length);
  }
}
