package org.flyte.copilot.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.flyte.copilot.core.config.StowConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.s3.S3Store;
import org.flyte.copilot.core.testing.AwsChunkedBodies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte counts of a counting file stream, its rewinds, and an S3 retry that rewinds it past the SDK's read limit. */
class CountingFileInputStreamTest {
  @TempDir Path tmp;

  private Path file(int size) throws IOException {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return Files.write(tmp.resolve("f-" + size), data);
  }

  @Test
  void countsEveryByteRead() throws IOException {
    Path f = file(100_000);
    List<Long> counts = new ArrayList<>();
    try (CountingFileInputStream in = CountingFileInputStream.open(f, counts::add)) {
      assertThat(in.size()).isEqualTo(100_000);
      assertThat(in.read()).isEqualTo(Files.readAllBytes(f)[0] & 0xff);
      assertThat(in.skip(9)).isEqualTo(9);
      byte[] rest = in.readAllBytes();
      assertThat(rest).hasSize(99_990);
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.skip(5)).isZero();
    }
    assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(100_000);
  }

  @Test
  void resetRewindsAnyDistanceAndTakesTheBytesBack() throws IOException {
    Path f = file(1 << 20);
    AtomicLong net = new AtomicLong();
    try (CountingFileInputStream in = CountingFileInputStream.open(f, net::addAndGet)) {
      assertThat(in.markSupported()).isTrue();
      in.mark(16);
      in.readNBytes(700_000);
      assertThat(net.get()).isEqualTo(700_000);
      in.reset();
      assertThat(net.get()).isZero();
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(f));
      assertThat(net.get()).isEqualTo(1 << 20);
    }
  }

  @Test
  void range_readsItsBytesPositionally_withoutMovingTheStream() throws IOException {
    Path f = file(1 << 20);
    byte[] all = Files.readAllBytes(f);
    AtomicLong net = new AtomicLong();
    try (CountingFileInputStream in = CountingFileInputStream.open(f, net::addAndGet)) {
      in.readNBytes(10);
      InputStream counted = in.range(1000, 5000, true);
      InputStream quiet = in.range(900_000, 1_000_000, false);
      assertThat(counted.readNBytes(2000)).isEqualTo(java.util.Arrays.copyOfRange(all, 1000, 3000));
      assertThat(quiet.readAllBytes()).as("cut at the end of the file")
          .isEqualTo(java.util.Arrays.copyOfRange(all, 900_000, 1 << 20));
      assertThat(net.get()).isEqualTo(10 + 2000);
      counted.reset();
      assertThat(net.get()).as("a rewind takes the range's bytes back").isEqualTo(10);
      counted.close();
      assertThat(counted.readAllBytes()).as("closing a range leaves the file open")
          .isEqualTo(java.util.Arrays.copyOfRange(all, 1000, 6000));
      assertThat(in.position()).isEqualTo(10);
      assertThat(in.read()).isEqualTo(all[10] & 0xff);
    }
  }

  @Test
  void channelOpenedWithoutFollowingLinks_countsAndRewindsLikeAFile() throws IOException {
    Path f = file(200_000);
    AtomicLong net = new AtomicLong();
    java.nio.channels.SeekableByteChannel channel;
    try (java.nio.file.DirectoryStream<Path> dir = Files.newDirectoryStream(tmp)) {
      assertThat(dir).isInstanceOf(java.nio.file.SecureDirectoryStream.class);
      channel = ((java.nio.file.SecureDirectoryStream<Path>) dir).newByteChannel(f.getFileName(),
          java.util.Set.of(java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
    try (CountingFileInputStream in = CountingFileInputStream.of(channel, net::addAndGet)) {
      assertThat(in.supportsRanges()).as("the JDK's channels on Linux are FileChannels").isTrue();
      assertThat(in.size()).isEqualTo(200_000);
      in.mark(1);
      in.readNBytes(150_000);
      in.reset();
      assertThat(net.get()).isZero();
      assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(f));
      assertThat(net.get()).isEqualTo(200_000);
    }
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void s3RetryOfALargePut_resendsTheWholeFile() throws IOException {
    Path f = file(3 << 20);
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    List<byte[]> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      bodies.add(body);
      int status = statuses.isEmpty() ? 500 : 200;
      statuses.add(status);
      byte[] reply = status == 500
          ? "<Error><Code>InternalError</Code><Message>try again</Message></Error>".getBytes()
          : new byte[0];
      if (status == 200) {
        exchange.getResponseHeaders().add("ETag", "\"etag\"");
      }
      exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
    AtomicLong net = new AtomicLong();
    try (S3Store store = S3Store.fromStow(new StowConfig("s3", Map.of("auth_type", "accesskey",
        "access_key_id", "access", "secret_key", "secretsecret", "region", "us-east-1",
        "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(), "disable_ssl", "true")), "storage.stow");
        CountingFileInputStream in = CountingFileInputStream.open(f, net::addAndGet)) {
      store.write(DataReference.parse("s3://bucket/big"), in, in.size());
    } finally {
      server.stop(0);
    }
    assertThat(statuses).containsExactly(500, 200);
    assertThat(AwsChunkedBodies.decoded(bodies.get(1))).isEqualTo(Files.readAllBytes(f));
    assertThat(net.get()).as("bytes read for the request that succeeded").isEqualTo(3 << 20);
  }
}
