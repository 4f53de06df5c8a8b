package org.flyte.copilot.core.storage.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.specialized.BlobClientBase;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectChangedException;

/**
 * Get Blob as a plain blocking stream: the SDK's own downloads write into an {@code OutputStream}
 * through Reactor, so a ranged read is sent here through the client's pipeline (its credentials,
 * signing and version headers) and the body is handed over as it arrives, never buffered.
 */
final class AzureReads {
  private static final HttpHeaderName VERSION = HttpHeaderName.fromString("x-ms-version");
  private static final HttpHeaderName ERROR_CODE = HttpHeaderName.fromString("x-ms-error-code");
  private static final Pattern MESSAGE = Pattern.compile("<Message>(.*?)</Message>", Pattern.DOTALL);

  private AzureReads() {}

  /**
   * The bytes [offset, offset + length) of the blob ({@code length} -1: to the end), from the version
   * tagged {@code etag} only when it is not empty.
   */
  static InputStream open(String op, DataReference ref, BlobClientBase blob, long offset, long length, String etag,
      AzureConfig config) {
    HttpRequest request = new HttpRequest(HttpMethod.GET, blob.getBlobUrl());
    request.setHeader(VERSION, blob.getServiceVersion().getVersion());
    // as the SDK's own requests do: the shared-key signature covers it, and the JDK client sends it
    request.setHeader(HttpHeaderName.CONTENT_LENGTH, "0");
    if (offset > 0 || length >= 0) {
      request.setHeader(HttpHeaderName.RANGE, "bytes=" + offset + "-" + (length >= 0 ? offset + length - 1 : ""));
    }
    if (!etag.isEmpty()) {
      request.setHeader(HttpHeaderName.IF_MATCH, "\"" + etag + "\"");
    }
    HttpResponse response;
    try {
      response = blob.getHttpPipeline().sendSync(request, Context.NONE);
    } catch (RuntimeException e) {
      throw AzureFailures.translate(op, ref, e, config);
    }
    int status = response.getStatusCode();
    if (status == 200 || status == 206) {
      return new ResponseStream(response);
    }
    String code = response.getHeaderValue(ERROR_CODE);
    String body = errorBody(response);
    response.close();
    if (status == 416 && (code == null || code.equals("InvalidRange"))) {
      return InputStream.nullInputStream(); // the range starts at or after the end
    }
    if (status == 412) {
      throw new ObjectChangedException(op, ref, etag);
    }
    Matcher m = MESSAGE.matcher(body);
    throw AzureFailures.fromService(op, ref, status, code, m.find() ? m.group(1) : "", config, null);
  }

  private static String errorBody(HttpResponse response) {
    try {
      String body = response.getBodyAsBinaryData().toString();
      return body.length() > 4096 ? body.substring(0, 4096) : body;
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** The body of an answer; closing it releases the connection. */
  private static final class ResponseStream extends FilterInputStream {
    private final HttpResponse response;

    ResponseStream(HttpResponse response) {
      super(response.getBodyAsBinaryData().toStream());
      this.response = response;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        response.close();
      }
    }
  }
}
