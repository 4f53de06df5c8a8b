package org.flyte.copilot.bench;

import java.io.IOException;
import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The benchmark's S3 server: s3proxy on 127.0.0.1 with a filesystem backend (bucket {@code b} is the
 * directory {@code <basedir>/b}). Prints {@code port <n>} once it serves, and stops when its
 * standard input closes, so it never outlives bench.py.
 *
 * <p>Usage: {@code BenchS3Server <basedir> <access key> <secret key>}
 */
public final class BenchS3Server {
  private BenchS3Server() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: BenchS3Server <basedir> <access key> <secret key>");
      System.exit(2);
    }
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(args[0]))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, args[1], args[2])
        // the AWS SDK sends headers s3proxy does not know (x-amz-sdk-checksum-algorithm...)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    System.out.println("port " + proxy.getPort());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // wait for end of input
      }
    } catch (IOException ignored) {
      // the driver went away
    }
    proxy.stop();
    System.exit(0);
  }
}
