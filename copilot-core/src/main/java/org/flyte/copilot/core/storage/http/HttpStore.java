package org.flyte.copilot.core.storage.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.flyte.copilot.core.storage.BackendFailures;
import org.flyte.copilot.core.storage.BoundedInputStream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.ObjectChangedException;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.LazyClient;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.PinnedRangeStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.TransientStorageException;

/**
 * Read-only access to {@code http://} and {@code https://} blobs (docs/compatibility.md, "Deliberate
 * differences"; D7: a non-2xx answer is
 * an error naming the URL and the status, never data). Redirects are followed, except from HTTPS to
 * HTTP. The HTTP client is created on first use. Thread-safe.
 */
public final class HttpStore implements PinnedRangeStore {
  private final Duration timeout;
  private final LazyClient<HttpClient> client = new LazyClient<>(this::newClient);

  /** @param timeout per-request timeout (connect and response headers); zero or null for none */
  public HttpStore(Duration timeout) {
    this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? null : timeout;
  }

  @Override
  public String scheme() {
    return "https";
  }

  private HttpClient newClient() {
    HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL);
    if (timeout != null) {
      b.connectTimeout(timeout);
    }
    return b.build();
  }

  @Override
  public Optional<ObjectInfo> head(DataReference ref) {
    HttpResponse<Void> r = send("head", ref, request(ref).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.discarding());
    int status = r.statusCode();
    if (status == 404 || status == 410) {
      return Optional.empty();
    }
    OptionalLong length = isOk(status) ? r.headers().firstValueAsLong("Content-Length") : OptionalLong.empty();
    if (length.isPresent()) {
      return Optional.of(new ObjectInfo(ref, length.getAsLong(), etag(r.headers())));
    }
    if (isOk(status) || status == 405 || status == 501) {
      return headByRangedGet(ref); // HEAD not supported, or no length in its answer
    }
    throw statusError("head", ref, status);
  }

  /** Asks for the first byte: the total size is in Content-Range (206) or Content-Length (200). */
  private Optional<ObjectInfo> headByRangedGet(DataReference ref) {
    HttpResponse<InputStream> r = send("head", ref, request(ref).GET().header("Range", "bytes=0-0"),
        HttpResponse.BodyHandlers.ofInputStream());
    closeQuietly(r.body());
    int status = r.statusCode();
    if (status == 404 || status == 410) {
      return Optional.empty();
    }
    if (status == 416) {
      return Optional.of(new ObjectInfo(ref, 0, etag(r.headers()))); // "bytes=0-0" of an empty object
    }
    if (!isOk(status)) {
      throw statusError("head", ref, status);
    }
    long size = -1;
    if (status == 206) {
      String cr = r.headers().firstValue("Content-Range").orElse("");
      int slash = cr.lastIndexOf('/');
      if (slash >= 0 && !cr.endsWith("*")) {
        size = parseLong(cr.substring(slash + 1));
      }
    } else {
      size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    }
    if (size < 0) {
      throw new StorageException("head", ref, "the server reports no size (neither Content-Length nor "
          + "Content-Range)");
    }
    return Optional.of(new ObjectInfo(ref, size, etag(r.headers())));
  }

  @Override
  public InputStream read(DataReference ref) {
    HttpResponse<InputStream> r = send("read", ref, request(ref).GET(), HttpResponse.BodyHandlers.ofInputStream());
    if (!isOk(r.statusCode())) {
      closeQuietly(r.body());
      throw statusError("read", ref, r.statusCode());
    }
    return r.body();
  }

  /** A GET with {@code Range}; with an ETag it carries {@code If-Match}, and a 412 answer is {@link ObjectChangedException}. */
  @Override
  public InputStream readRange(DataReference ref, long offset, long length, String etag) {
    ObjectStore.requireRange(offset, length);
    if (length == 0) {
      if (head(ref).isEmpty()) {
        throw new ObjectNotFoundException("read range", ref);
      }
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    HttpRequest.Builder get = request(ref).GET().header("Range", range);
    if (!etag.isEmpty()) {
      get.header("If-Match", '"' + etag + '"');
    }
    HttpResponse<InputStream> r = send("read range", ref, get, HttpResponse.BodyHandlers.ofInputStream());
    int status = r.statusCode();
    if (status == 206) {
      return r.body();
    }
    if (status == 200) {
      return new BoundedInputStream(r.body(), offset, length); // Range ignored: whole body sent
    }
    closeQuietly(r.body());
    if (status == 416) {
      return InputStream.nullInputStream(); // offset at or past the end
    }
    if (status == 412 && !etag.isEmpty()) {
      throw new ObjectChangedException("read range", ref, etag);
    }
    throw statusError("read range", ref, status);
  }

  @Override
  public void write(DataReference ref, Path file) {
    throw readOnly("write from " + file, ref);
  }

  @Override
  public void write(DataReference ref, InputStream in, long size) {
    throw readOnly("write", ref);
  }

  @Override
  public ListPage listPage(DataReference prefix, String token, int pageSize) {
    throw readOnly("list", prefix);
  }

  @Override
  public void delete(DataReference ref) {
    throw readOnly("delete", ref);
  }

  @Override
  public void close() {
    // java.net.http.HttpClient releases its resources when unreachable (close() exists only from Java 21)
    client.take();
  }

  /** The URL of {@code ref}: scheme, host[:port], encoded path and the original raw query. */
  static URI uriOf(DataReference ref) {
    if (ref.container().isEmpty()) {
      throw new StorageException("resolve", ref, "an HTTP reference needs a host");
    }
    try {
      return URI.create(ref.toUri());
    } catch (IllegalArgumentException e) {
      throw new StorageException("resolve", ref, "not a valid URL: " + e.getMessage());
    }
  }

  private HttpRequest.Builder request(DataReference ref) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uriOf(ref));
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b;
  }

  private <T> HttpResponse<T> send(String operation, DataReference ref, HttpRequest.Builder request,
      HttpResponse.BodyHandler<T> handler) {
    try {
      return client.get().send(request.build(), handler);
    } catch (HttpTimeoutException e) {
      throw new TransientStorageException(operation, ref, "timed out after " + timeout, e);
    } catch (IOException e) {
      throw new TransientStorageException(operation, ref, "I/O error: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(operation, ref, "interrupted");
    } catch (UncheckedIOException e) {
      throw new TransientStorageException(operation, ref, "I/O error: " + describe(e.getCause()), e);
    }
  }

  private static StorageException statusError(String operation, DataReference ref, int status) {
    String reason = "HTTP status " + status + reasonPhrase(status);
    if (status == 404 || status == 410) {
      return new ObjectNotFoundException(operation, ref, reason);
    }
    if (BackendFailures.isTransientStatus(status)) {
      return new TransientStorageException(operation, ref, reason, null);
    }
    return new StorageException(operation, ref, reason);
  }

  private static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> " Bad Request";
      case 401 -> " Unauthorized";
      case 403 -> " Forbidden";
      case 404 -> " Not Found";
      case 405 -> " Method Not Allowed";
      case 408 -> " Request Timeout";
      case 410 -> " Gone";
      case 429 -> " Too Many Requests";
      case 500 -> " Internal Server Error";
      case 502 -> " Bad Gateway";
      case 503 -> " Service Unavailable";
      case 504 -> " Gateway Timeout";
      default -> "";
    };
  }

  private static StorageException readOnly(String operation, DataReference ref) {
    return new StorageException(operation, ref, "HTTP(S) storage is read-only");
  }

  private static boolean isOk(int status) {
    return status >= 200 && status < 300;
  }

  private static String etag(HttpHeaders headers) {
    String e = headers.firstValue("ETag").orElse("");
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String describe(Throwable t) {
    return t == null ? "unknown" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the response body is being discarded
    }
  }
}
