package org.flyte.copilot.core.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.testing.AwsChunkedBodies;
import org.flyte.copilot.core.transfer.CountingFileInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multipart requests as a server sees them (a recording fake on the JDK's HttpServer): a part's
 * Content-MD5, SDK retries of a part, the bound on parts in flight, the size check and the abort.
 */
class S3MultipartProtocolTest {
  private static final int MIB = 1 << 20;
  private static final int SIZE = 12 * MIB; // parts of 5, 5 and 2 MiB

  @TempDir Path tmp;

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<Received> parts = new CopyOnWriteArrayList<>();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile String completeBody = "";
  /** When set, every part request is held (after its body was read) until this opens. */
  private volatile CountDownLatch partGate;
  private final CountDownLatch partHeld = new CountDownLatch(1);
  private final CountDownLatch abortSeen = new CountDownLatch(1);
  private HttpServer server;
  private ExecutorService executor;

  private record Received(int number, String contentMd5, String crc32c, String payloadHash, byte[] body) {}

  /** Starts the fake; {@code failAttempt} decides, per part attempt (1-based, all parts), to answer an error. */
  private S3Store start(IntPredicate failAttempt, int failStatus, long headSize) throws IOException {
    return start(failAttempt, failStatus, headSize, "");
  }

  private S3Store start(IntPredicate failAttempt, int failStatus, long headSize, String checksum) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        handle(exchange, failAttempt, failStatus, headSize);
      }
    });
    server.start();
    return S3Store.fromStow(new StowConfig("s3", Map.of("auth_type", "accesskey", "access_key_id", "access",
        "secret_key", "secretsecret", "region", "us-east-1",
        "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(), "disable_ssl", "true",
        "multipart_threshold", "5MiB", "multipart_part_size", "5MiB", "multipart_concurrency", "2",
        "upload_checksum", checksum)), "storage.stow");
  }

  @AfterEach
  void stop() {
    if (partGate != null) {
      partGate.countDown();
    }
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange ex, IntPredicate failAttempt, int failStatus, long headSize) throws IOException {
    String method = ex.getRequestMethod();
    String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (method.equals("POST") && query.startsWith("uploads")) {
      calls.add("create");
      reply(ex, 200, "<InitiateMultipartUploadResult><Bucket>bucket</Bucket><Key>k</Key>"
          + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>");
    } else if (method.equals("PUT") && query.contains("partNumber=")) {
      int now = active.incrementAndGet();
      maxActive.accumulateAndGet(now, Math::max);
      try {
        Thread.sleep(30); // gives the parts a chance to overlap
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int number = Integer.parseInt(query.replaceAll(".*partNumber=(\\d+).*", "$1"));
      CountDownLatch gate = partGate;
      if (gate != null) {
        partHeld.countDown();
        try {
          gate.await(60, TimeUnit.SECONDS); // the client sits in a socket read meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] data = AwsChunkedBodies.decoded(body);
      parts.add(new Received(number, ex.getRequestHeaders().getFirst("Content-MD5"),
          ex.getRequestHeaders().getFirst("x-amz-checksum-crc32c"), ex.getRequestHeaders().getFirst("x-amz-content-sha256"),
          data));
      active.decrementAndGet();
      if (failAttempt.test(attempts.incrementAndGet())) {
        calls.add("part " + number + " -> " + failStatus);
        reply(ex, failStatus, failStatus == 403
            ? "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
            : "<Error><Code>InternalError</Code><Message>try again</Message></Error>");
        return;
      }
      calls.add("part " + number);
      ex.getResponseHeaders().add("ETag", "\"" + HexFormat.of().formatHex(md5(data)) + "\"");
      ex.sendResponseHeaders(200, -1);
    } else if (method.equals("POST") && query.contains("uploadId=")) {
      calls.add("complete");
      completeBody = new String(body, StandardCharsets.UTF_8);
      reply(ex, 200, "<CompleteMultipartUploadResult><Bucket>bucket</Bucket><Key>k</Key>"
          + "<ETag>\"0123-3\"</ETag></CompleteMultipartUploadResult>");
    } else if (method.equals("HEAD")) {
      calls.add("head");
      ex.getResponseHeaders().add("Content-Length", Long.toString(headSize));
      ex.getResponseHeaders().add("ETag", "\"0123-3\"");
      ex.sendResponseHeaders(200, -1);
    } else if (method.equals("DELETE")) {
      CountDownLatch gate = partGate;
      calls.add(!query.contains("uploadId=") ? "delete"
          : gate != null && gate.getCount() > 0 ? "abort while a part is held" : "abort");
      abortSeen.countDown();
      ex.sendResponseHeaders(204, -1);
    } else {
      calls.add("unexpected " + method + " " + query);
      reply(ex, 400, "<Error><Code>Unexpected</Code></Error>");
    }
  }

  private static void reply(HttpExchange ex, int status, String xml) throws IOException {
    byte[] b = xml.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/xml");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  private Path file() throws IOException {
    byte[] data = new byte[SIZE];
    new Random(12).nextBytes(data);
    return Files.write(tmp.resolve("data.bin"), data);
  }

  @Test
  void partsCarryTheirCrc32c_unsignedPayload_andTheCompleteListsThem() throws Exception {
    Path f = file();
    byte[] data = Files.readAllBytes(f);
    try (S3Store store = start(attempt -> false, 500, SIZE);
        CountingFileInputStream in = CountingFileInputStream.open(f, n -> {})) {
      store.write(DataReference.parse("s3://bucket/k"), in, in.size());
    }
    assertThat(parts).hasSize(3);
    for (Received p : parts) {
      int from = (p.number() - 1) * 5 * MIB;
      byte[] expected = java.util.Arrays.copyOfRange(data, from, Math.min(SIZE, from + 5 * MIB));
      assertThat(p.body()).as("part %d", p.number()).isEqualTo(expected);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(expected);
      String sum = Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
      assertThat(p.crc32c()).as("part %d", p.number()).isEqualTo(sum);
      assertThat(p.contentMd5()).isNull();
      assertThat(p.payloadHash()).as("no SHA-256 pass over the body, even over plain http").isEqualTo("UNSIGNED-PAYLOAD");
      assertThat(completeBody).contains("<ChecksumCRC32C>" + sum + "</ChecksumCRC32C>");
    }
  }

  @Test
  void partsCarryTheirMd5_aRetriedPartIsResentWhole_andAtMostTwoAreInFlight() throws Exception {
    Path f = file();
    byte[] data = Files.readAllBytes(f);
    AtomicLong counted = new AtomicLong();
    try (S3Store store = start(attempt -> attempt == 2, 500, SIZE, "md5");
        CountingFileInputStream in = CountingFileInputStream.open(f, counted::addAndGet)) {
      store.write(DataReference.parse("s3://bucket/k"), in, in.size());
    }

    assertThat(calls).startsWith("create").endsWith("complete", "head").contains("part 1", "part 2", "part 3")
        .doesNotContain("abort");
    assertThat(calls.stream().filter(c -> c.matches("part \\d -> 500"))).hasSize(1);
    assertThat(parts).hasSize(4);
    for (Received p : parts) {
      int from = (p.number() - 1) * 5 * MIB;
      byte[] expected = java.util.Arrays.copyOfRange(data, from, Math.min(SIZE, from + 5 * MIB));
      assertThat(p.body()).as("part %d", p.number()).isEqualTo(expected);
      assertThat(p.contentMd5()).isEqualTo(Base64.getEncoder().encodeToString(md5(expected)));
    }
    assertThat(maxActive.get()).isLessThanOrEqualTo(2);
    assertThat(counted.get()).as("bytes counted once the retry took back the failed attempt").isEqualTo(SIZE);
    assertThat(completeBody.replaceAll("\\s", ""))
        .containsSubsequence("<PartNumber>1</PartNumber>", "<PartNumber>2</PartNumber>", "<PartNumber>3</PartNumber>");
  }

  @Test
  void rejectedPart_abortsTheUploadAndNamesThePart() throws Exception {
    Path f = file();
    try (S3Store store = start(attempt -> true, 403, SIZE)) {
      assertThatThrownBy(() -> store.write(DataReference.parse("s3://bucket/k"), f))
          .isInstanceOf(StorageException.class)
          .hasMessageMatching("write from .*data\\.bin \\(part [12] of 3\\) s3://bucket/k: 403 AccessDenied; "
              + "check the credentials of storage\\.stow and the bucket policy; the multipart upload was aborted")
          .satisfies(e -> assertThat(((StorageException) e).isTransient()).isFalse());
    }
    assertThat(calls).startsWith("create").endsWith("abort").doesNotContain("complete");
  }

  @Test
  void interruptedUpload_isAbortedWhileAPartIsStuckInIo_andAgainOnceThePartsStop() throws Exception {
    Path f = file();
    partGate = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    try (S3Store store = start(attempt -> false, 0, SIZE)) {
      Thread writer = new Thread(() -> {
        try {
          store.write(DataReference.parse("s3://bucket/k"), f);
        } catch (Throwable t) {
          thrown.set(t);
          interruptKept.set(Thread.currentThread().isInterrupted());
        }
      }, "writer");
      writer.start();
      assertThat(partHeld.await(30, TimeUnit.SECONDS)).isTrue();
      writer.interrupt(); // as on the sidecar's timeout
      boolean abortedWhileHeld = abortSeen.await(30, TimeUnit.SECONDS);
      partGate.countDown();
      writer.join(TimeUnit.SECONDS.toMillis(40));
      assertThat(abortedWhileHeld).as("AbortMultipartUpload sent while a part is still in flight").isTrue();
      assertThat(writer.isAlive()).isFalse();
    }
    assertThat(thrown.get()).isInstanceOf(StorageException.class)
        .hasMessage("write from " + f + " s3://bucket/k: interrupted; the multipart upload was aborted");
    assertThat(interruptKept.get()).as("the writer's interrupt flag is restored").isTrue();
    assertThat(calls).startsWith("create").doesNotContain("complete");
    assertThat(calls.stream().filter(c -> c.startsWith("abort")))
        .as("aborted at once, and again once the held part stopped").containsExactly("abort while a part is held", "abort");
  }

  @Test
  void completedObjectOfTheWrongSize_isDeletedAndReported() throws Exception {
    Path f = file();
    try (S3Store store = start(attempt -> false, 0, SIZE - 1)) {
      assertThatThrownBy(() -> store.write(DataReference.parse("s3://bucket/k"), f))
          .hasMessage("write from " + f + " s3://bucket/k: the completed multipart object has " + (SIZE - 1)
              + " bytes instead of " + SIZE + "; it was deleted");
    }
    assertThat(calls).endsWith("complete", "head", "delete");
  }

  private static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
