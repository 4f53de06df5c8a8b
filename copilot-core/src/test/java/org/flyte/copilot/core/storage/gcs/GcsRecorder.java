package org.flyte.copilot.core.storage.gcs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flyte.copilot.core.config.StowConfig;

/**
 * A recording GCS JSON-API server on 127.0.0.1 for protocol tests: just enough of it for the real
 * client (object metadata, media downloads with Range, resumable uploads with Content-Range and 308,
 * multipart uploads, listing, delete, an OAuth token endpoint), every request recorded, and hooks
 * that make it misbehave the way GCS can (partial acknowledgement, 503, error answers, corrupt bytes).
 */
final class GcsRecorder implements AutoCloseable {
  /** One request as the server saw it. */
  record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
    }

    boolean isUploadPut() {
      return method.equals("PUT") && path.startsWith("/upload/");
    }
  }

  /** What a resumable PUT hook decides: null to behave normally. */
  record PutOverride(int status, long persistUpTo) {}

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)");

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, String[]> bucketErrors = new ConcurrentHashMap<>();
  private final AtomicInteger uploadIds = new AtomicInteger();
  private final AtomicLong generation = new AtomicLong(1000);
  private volatile Function<Request, PutOverride> putHook = r -> null;
  private volatile boolean corruptDownloads;
  private volatile String[] tokenError;

  private static final class Session {
    final String bucket;
    final String name;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();

    Session(String bucket, String name) {
      this.bucket = bucket;
      this.name = name;
    }
  }

  GcsRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "gcs-recorder");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A GcsStore dialling this recorder, {@code extra} added to {@link #stow}'s settings. */
  GcsStore store(Map<String, String> extra) {
    return GcsStore.open(stow(extra), "storage.stow");
  }

  /** Config for a GcsStore talking to this server without credentials. */
  StowConfig stow(Map<String, String> extra) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("project_id", "recorder-project");
    c.put("endpoint", endpoint());
    c.put("max_attempts", "4");
    c.putAll(extra);
    return new StowConfig("google", c);
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<Request> uploadPuts() {
    return requests().stream().filter(Request::isUploadPut).toList();
  }

  Optional<byte[]> object(String bucket, String name) {
    return Optional.ofNullable(objects.get(bucket + "/" + name));
  }

  void put(String bucket, String name, byte[] data) {
    objects.put(bucket + "/" + name, data);
    generations.put(bucket + "/" + name, generation.incrementAndGet());
  }

  void onUploadPut(Function<Request, PutOverride> hook) {
    this.putHook = hook;
  }

  void corruptDownloads(boolean on) {
    this.corruptDownloads = on;
  }

  /** Every request touching {@code bucket} gets this error (status, GCS reason, message). */
  void failBucket(String bucket, int status, String reason, String message) {
    bucketErrors.put(bucket, new String[] {Integer.toString(status), reason, message});
  }

  /** The token endpoint answers with this OAuth error. */
  void failToken(int status, String error, String description) {
    tokenError = new String[] {Integer.toString(status), error, description};
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      byte[] body = ex.getRequestBody().readAllBytes();
      Request req = new Request(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery() == null ? "" : uri.getRawQuery(),
          headers, body);
      requests.add(req);
      route(ex, req);
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private void route(HttpExchange ex, Request req) throws IOException {
    Map<String, String> q = query(req.query);
    String path = req.path;
    if (path.equals("/token")) {
      token(ex);
      return;
    }
    Matcher m = Pattern.compile("^(?:/download|/upload)?/storage/v1/b/([^/]+)/o(?:/(.+))?$").matcher(path);
    if (!m.matches()) {
      error(ex, 404, "notFound", "no route for " + path);
      return;
    }
    String bucket = decode(m.group(1));
    String name = m.group(2) == null ? null : decode(m.group(2));
    String[] fail = bucketErrors.get(bucket);
    if (fail != null) {
      error(ex, Integer.parseInt(fail[0]), fail[1], fail[2]);
      return;
    }
    if (path.startsWith("/upload/")) {
      upload(ex, req, bucket, q);
    } else if (name == null && req.method.equals("GET")) {
      list(ex, bucket, q);
    } else if (req.method.equals("GET") && "media".equals(q.get("alt"))) {
      media(ex, req, bucket, name, q);
    } else if (req.method.equals("GET")) {
      byte[] data = objects.get(bucket + "/" + name);
      if (data == null) {
        error(ex, 404, "notFound", "No such object: " + bucket + "/" + name);
      } else {
        json(ex, 200, objectJson(bucket, name, data));
      }
    } else if (req.method.equals("DELETE")) {
      if (objects.remove(bucket + "/" + name) == null) {
        error(ex, 404, "notFound", "No such object: " + bucket + "/" + name);
      } else {
        ex.sendResponseHeaders(204, -1);
      }
    } else {
      error(ex, 405, "methodNotAllowed", req.method + " " + path);
    }
  }

  private void token(HttpExchange ex) throws IOException {
    String[] e = tokenError;
    if (e != null) {
      byte[] b = ("{\"error\":\"" + e[1] + "\",\"error_description\":\"" + e[2] + "\"}").getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(Integer.parseInt(e[0]), b.length);
      ex.getResponseBody().write(b);
      return;
    }
    json(ex, 200, "{\"access_token\":\"ya29.recorder-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}");
  }

  private void media(HttpExchange ex, Request req, String bucket, String name, Map<String, String> q) throws IOException {
    byte[] data = objects.get(bucket + "/" + name);
    String gen = q.get("generation");
    if (data == null || (gen != null && !gen.equals(String.valueOf(generations.get(bucket + "/" + name))))) {
      error(ex, 404, "notFound", "No such object: " + bucket + "/" + name);
      return;
    }
    if (corruptDownloads && data.length > 0) {
      data = data.clone();
      data[data.length / 2] ^= 0x5a;
    }
    String range = req.header("range");
    int status = 200;
    int from = 0;
    int to = data.length - 1;
    Matcher r = Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
    if (r.matches()) {
      from = Integer.parseInt(r.group(1));
      if (!r.group(2).isEmpty()) {
        to = Math.min(to, Integer.parseInt(r.group(2)));
      }
      if (from >= data.length) {
        error(ex, 416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
        return;
      }
      status = 206;
      ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + data.length);
    }
    ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
    ex.getResponseHeaders().set("x-goog-generation", String.valueOf(generations.get(bucket + "/" + name)));
    int len = to - from + 1;
    ex.sendResponseHeaders(status, len == 0 ? -1 : len);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(data, from, len);
    }
  }

  private void list(HttpExchange ex, String bucket, Map<String, String> q) throws IOException {
    String prefix = q.getOrDefault("prefix", "");
    int max = Integer.parseInt(q.getOrDefault("maxResults", "1000"));
    String after = q.get("pageToken");
    List<String> names = new ArrayList<>();
    new TreeMap<>(objects).forEach((k, v) -> {
      if (k.startsWith(bucket + "/")) {
        String n = k.substring(bucket.length() + 1);
        if (n.startsWith(prefix) && (after == null || n.compareTo(after) > 0)) {
          names.add(n);
        }
      }
    });
    StringBuilder b = new StringBuilder("{\"kind\":\"storage#objects\",\"items\":[");
    int n = Math.min(max, names.size());
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append(objectJson(bucket, names.get(i), objects.get(bucket + "/" + names.get(i))));
    }
    b.append(']');
    if (names.size() > n) {
      b.append(",\"nextPageToken\":\"").append(names.get(n - 1)).append('"');
    }
    json(ex, 200, b.append('}').toString());
  }

  private void upload(HttpExchange ex, Request req, String bucket, Map<String, String> q) throws IOException {
    String type = q.getOrDefault("uploadType", "");
    if (req.method.equals("POST") && type.equals("resumable")) {
      String name = q.containsKey("name") ? q.get("name") : jsonString(new String(req.body, StandardCharsets.UTF_8), "name");
      String id = "u" + uploadIds.incrementAndGet();
      sessions.put(id, new Session(bucket, name));
      ex.getResponseHeaders().set("Location", endpoint() + "/upload/storage/v1/b/" + bucket
          + "/o?uploadType=resumable&upload_id=" + id);
      ex.sendResponseHeaders(200, -1);
      return;
    }
    if (req.method.equals("POST") && type.equals("multipart")) {
      multipart(ex, req, bucket);
      return;
    }
    if (req.method.equals("PUT") && q.containsKey("upload_id")) {
      resumablePut(ex, req, sessions.get(q.get("upload_id")));
      return;
    }
    error(ex, 400, "invalid", "unsupported upload " + req.method + " " + type);
  }

  private void resumablePut(HttpExchange ex, Request req, Session s) throws IOException {
    if (s == null) {
      error(ex, 404, "notFound", "no such upload session");
      return;
    }
    Matcher m = CONTENT_RANGE.matcher(req.header("content-range"));
    if (!m.matches()) {
      error(ex, 400, "invalid", "bad Content-Range [" + req.header("content-range") + "]");
      return;
    }
    synchronized (s) {
      long persisted = s.data.size();
      PutOverride o = putHook.apply(req);
      if (m.group(2) != null) {
        long first = Long.parseLong(m.group(2));
        long last = Long.parseLong(m.group(3));
        if (first != persisted && first > persisted) {
          error(ex, 400, "invalid", "chunk starts at " + first + " but " + persisted + " bytes are persisted");
          return;
        }
        if (last - first + 1 != req.body.length) {
          error(ex, 400, "invalid", "Content-Range " + (last - first + 1) + " bytes, body " + req.body.length);
          return;
        }
        // bytes already persisted (a resend after a partial acknowledgement) are skipped
        int skip = (int) (persisted - first);
        int keep = req.body.length - skip;
        if (o != null) {
          keep = (int) Math.max(0, Math.min(keep, o.persistUpTo() - persisted));
        }
        s.data.write(req.body, skip, keep);
      }
      if (o != null && o.status() != 308) {
        error(ex, o.status(), "backendError", "injected failure");
        return;
      }
      String total = m.group(4);
      long size = s.data.size();
      if (!total.equals("*") && Long.parseLong(total) == size && o == null) {
        byte[] data = s.data.toByteArray();
        put(s.bucket, s.name, data);
        json(ex, 200, objectJson(s.bucket, s.name, data));
        return;
      }
      if (size > 0) {
        ex.getResponseHeaders().set("Range", "bytes=0-" + (size - 1));
      }
      ex.sendResponseHeaders(308, -1);
    }
  }

  private void multipart(HttpExchange ex, Request req, String bucket) throws IOException {
    String ct = req.header("content-type");
    Matcher bm = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(ct);
    if (!bm.find()) {
      error(ex, 400, "invalid", "multipart without boundary");
      return;
    }
    byte[] delimiter = ("--" + bm.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    List<byte[]> parts = new ArrayList<>();
    int i = indexOf(req.body, delimiter, 0);
    while (i >= 0) {
      int start = i + delimiter.length;
      if (start + 2 <= req.body.length && req.body[start] == '-' && req.body[start + 1] == '-') {
        break;
      }
      int next = indexOf(req.body, delimiter, start);
      if (next < 0) {
        break;
      }
      byte[] part = java.util.Arrays.copyOfRange(req.body, start + 2, next - 2);
      int headerEnd = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
      parts.add(java.util.Arrays.copyOfRange(part, headerEnd + 4, part.length));
      i = next;
    }
    if (parts.size() != 2) {
      error(ex, 400, "invalid", "expected metadata and media parts, got " + parts.size());
      return;
    }
    String meta = new String(parts.get(0), StandardCharsets.UTF_8);
    String name = jsonString(meta, "name");
    String crc = jsonString(meta, "crc32c");
    byte[] data = parts.get(1);
    if (crc != null && !crc.equals(Crc32cs.toBase64(Crc32cs.of(data)))) {
      error(ex, 400, "invalid", "Provided CRC32C \"" + crc + "\" doesn't match calculated CRC32C");
      return;
    }
    put(bucket, name, data);
    json(ex, 200, objectJson(bucket, name, data));
  }

  private String objectJson(String bucket, String name, byte[] data) {
    String md5;
    try {
      md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return "{\"kind\":\"storage#object\",\"bucket\":\"" + bucket + "\",\"name\":\"" + name.replace("\"", "\\\"")
        + "\",\"size\":\"" + data.length + "\",\"generation\":\"" + generations.getOrDefault(bucket + "/" + name, 1L)
        + "\",\"metageneration\":\"1\",\"contentType\":\"application/octet-stream\",\"crc32c\":\""
        + Crc32cs.toBase64(Crc32cs.of(data)) + "\",\"md5Hash\":\"" + md5 + "\"}";
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  private static void error(HttpExchange ex, int status, String reason, String message) throws IOException {
    String m = message.replace("\"", "\\\"");
    json(ex, status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + m + "\",\"errors\":[{\"message\":\"" + m
        + "\",\"domain\":\"global\",\"reason\":\"" + reason + "\"}]}}");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String p : raw.split("&")) {
      int eq = p.indexOf('=');
      out.put(decode(eq < 0 ? p : p.substring(0, eq)), eq < 0 ? "" : decode(p.substring(eq + 1)));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String jsonString(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\/", "/") : null;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
