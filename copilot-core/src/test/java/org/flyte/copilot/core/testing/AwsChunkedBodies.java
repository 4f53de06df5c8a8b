package org.flyte.copilot.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Request bodies as the AWS SDK sends them to a test server, turned back into the object's bytes. */
public final class AwsChunkedBodies {
  private AwsChunkedBodies() {}

  /** The body as sent: plain, or aws-chunked ({@code hex-size;chunk-signature=...\r\n data \r\n}). */
  public static byte[] decoded(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 200), StandardCharsets.ISO_8859_1);
    if (!head.matches("(?s)^[0-9a-f]+;chunk-signature=.*")) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int eol = indexOfCrlf(body, i);
      String line = new String(body, i, eol - i, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(line.substring(0, line.indexOf(';')), 16);
      if (size == 0) {
        break;
      }
      out.write(body, eol + 2, size);
      i = eol + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("no CRLF after " + from);
  }
}
