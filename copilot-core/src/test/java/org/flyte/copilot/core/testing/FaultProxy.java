package org.flyte.copilot.core.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 that sits between an S3 client and an S3 server (e.g. {@link
 * EmbeddedS3}) and breaks some exchanges the way real networks and stores do. The client uses the
 * proxy as its endpoint (plain http, path style); requests and responses are streamed through, never
 * buffered whole, and client connections are kept alive as long as both sides allow it.
 *
 * <p>Which request gets a fault is decided, first to last: {@linkplain #deadStore a dead store}
 * takes everything; then {@linkplain #failNext targeted rules}; then a {@linkplain #randomFaults
 * random share}. The random decision for a request is a hash of the seed, the request (method,
 * target, {@code Range}) and how many times that request was seen before, so it does not depend on
 * the order in which concurrent requests arrive, and a retry gets a fresh draw.
 *
 * <p>{@link #injected(Fault)} counts faults that really reached a client: a response-body fault on a
 * response without a body is not injected (and a targeted rule keeps its credit).
 *
 * <pre>{@code
 * EmbeddedS3 s3 = EmbeddedS3.start();
 * FaultProxy proxy = FaultProxy.front(s3);
 * proxy.randomFaults(0.10, 42, FaultProxy.Fault.DATA_AND_ERRORS);
 * proxy.server().storageYaml(bucket);   // copilot config pointing at the proxy
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

  /** What can go wrong with one exchange. */
  public enum Fault {
    /** The connection is reset (RST) once the request head has arrived; no response at all. */
    RESET_BEFORE_RESPONSE,
    /** The response head and a random share of its body are sent, then the connection is reset. */
    RESET_MID_BODY,
    /** The response head (with its Content-Length) and a random share of the body, then a clean close (FIN). */
    TRUNCATED_BODY,
    /** 503 with the S3 error code {@code SlowDown}; the request never reaches the store. */
    SLOW_DOWN,
    /** 500 with the S3 error code {@code InternalError}; the request never reaches the store. */
    INTERNAL_ERROR,
    /** The request is read, then nothing is answered for {@link #stallFor} (or until the client gives up). */
    STALL,
    /** The response head and a random share of its body are sent, then nothing more for {@link #stallFor}. */
    STALL_MID_BODY;

    /** Every fault that ends within moments: all but the stalls. */
    public static final Set<Fault> DATA_AND_ERRORS =
        Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(STALL, STALL_MID_BODY)));

    boolean needsResponseBody() {
      return this == RESET_MID_BODY || this == TRUNCATED_BODY || this == STALL_MID_BODY;
    }
  }

  /** How a dead store looks from the client. */
  public enum DeadStore {
    /** Nothing listens: connecting fails with "connection refused". */
    REFUSE,
    /** Connections are accepted and reset at once; exchanges in flight are reset. */
    RESET,
    /** Connections are accepted, requests read and never answered; exchanges in flight stop moving. */
    BLACKHOLE
  }

  /** A request head as the proxy saw it. Header names are lower case. */
  public record Request(String method, String target, Map<String, String> headers) {
    /** The path of the target, without the query. */
    public String path() {
      int q = target.indexOf('?');
      return q < 0 ? target : target.substring(0, q);
    }

    /** The query string without {@code ?}, or empty. */
    public String query() {
      int q = target.indexOf('?');
      return q < 0 ? "" : target.substring(q + 1);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Requests that download object bytes: GETs of an object (not bucket listings). */
  public static Predicate<Request> objectGets() {
    return r -> r.method().equals("GET") && r.path().indexOf('/', 1) > 0 && r.path().indexOf('/', 1) < r.path().length() - 1;
  }

  /** Requests whose path ends with {@code suffix} (a key or its tail), any method. */
  public static Predicate<Request> pathEndsWith(String suffix) {
    return r -> r.path().endsWith(suffix);
  }

  private static final int BUFFER = 64 << 10;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final long UPSTREAM_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final String upstreamHost;
  private final int upstreamPort;
  private final S3TestServer upstreamServer;
  private final int port;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final Object listenLock = new Object();
  private ServerSocket listener;
  private volatile boolean closed;

  private volatile double share;
  private volatile long seed;
  private volatile List<Fault> randomKinds = List.of();
  private volatile Duration stall = Duration.ofMinutes(2);
  private volatile DeadStore dead;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, AtomicInteger> timesSeen = new ConcurrentHashMap<>();

  private final Map<Fault, AtomicLong> injected = new EnumMap<>(Fault.class);
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong responseBodyBytes = new AtomicLong();
  private final AtomicLong requestBodyBytes = new AtomicLong();
  private final AtomicLong expectContinueRequests = new AtomicLong();
  private final AtomicLong chunkedRequests = new AtomicLong();
  private final AtomicLong chunkedResponses = new AtomicLong();
  private volatile S3TestServer clientView;

  private FaultProxy(String upstreamHost, int upstreamPort, S3TestServer upstreamServer) throws IOException {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.upstreamServer = upstreamServer;
    for (Fault f : Fault.values()) {
      injected.put(f, new AtomicLong());
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    this.port = s.getLocalPort();
    listen(s);
  }

  /** A proxy in front of the HTTP server at {@code upstream} ({@code http://host:port}), passing everything through. */
  public static FaultProxy start(URI upstream) {
    try {
      return new FaultProxy(upstream.getHost(), upstream.getPort(), null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fault proxy: " + e, e);
    }
  }

  /** A proxy in front of {@code s3}; {@link #server()} then gives the settings and clients that go through it. */
  public static FaultProxy front(S3TestServer s3) {
    try {
      return new FaultProxy(s3.endpoint().getHost(), s3.endpoint().getPort(), s3);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fault proxy: " + e, e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * The upstream server as seen through this proxy: same credentials, endpoint {@link #endpoint()}.
   * Its store and client are closed with the proxy; the upstream server itself is not.
   */
  public synchronized S3TestServer server() {
    if (upstreamServer == null) {
      throw new IllegalStateException("this proxy was not started in front of an S3TestServer");
    }
    if (clientView == null) {
      clientView = new S3TestServer(endpoint(), upstreamServer.accessKey(), upstreamServer.secretKey(),
          upstreamServer.region()) {
        @Override
        protected void stopServer() {
          // the proxy and the upstream server are closed by their owners
        }
      };
    }
    return clientView;
  }

  // ---- configuration ----

  /**
   * Injects one of {@code kinds} (drawn evenly) into a {@code share} (0..1) of the requests, decided
   * by {@code seed}. A share of 0 turns random faults off.
   */
  public FaultProxy randomFaults(double share, long seed, Set<Fault> kinds) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("share must be from 0 to 1, was " + share);
    }
    if (share > 0 && kinds.isEmpty()) {
      throw new IllegalArgumentException("no fault kinds to draw from");
    }
    this.randomKinds = List.copyOf(EnumSet.copyOf(kinds.isEmpty() ? EnumSet.noneOf(Fault.class) : kinds));
    this.seed = seed;
    this.share = share;
    return this;
  }

  /** Injects {@code fault} into the next {@code n} requests. */
  public FaultProxy failNext(int n, Fault fault) {
    return failNext(n, fault, r -> true);
  }

  /** Injects {@code fault} into the next {@code n} requests that match {@code which}. */
  public FaultProxy failNext(int n, Fault fault, Predicate<Request> which) {
    rules.add(new Rule(which, fault, new AtomicInteger(n)));
    return this;
  }

  /** Injects {@code fault} into every request that matches {@code which}, until {@link #heal()}. */
  public FaultProxy failEvery(Fault fault, Predicate<Request> which) {
    rules.add(new Rule(which, fault, null));
    return this;
  }

  /** How long a {@link Fault#STALL} holds the connection without answering (default 2 minutes). */
  public FaultProxy stallFor(Duration d) {
    this.stall = d;
    return this;
  }

  /** From now on the store is dead in the given way, also for exchanges in flight; null revives it. */
  public FaultProxy deadStore(DeadStore mode) {
    synchronized (listenLock) {
      DeadStore before = dead;
      dead = mode;
      if (mode == DeadStore.REFUSE && before != DeadStore.REFUSE) {
        closeQuietly(listener);
        listener = null;
        for (Socket s : openSockets) {
          reset(s);
        }
      } else if (mode != DeadStore.REFUSE && before == DeadStore.REFUSE && !closed) {
        try {
          ServerSocket s = new ServerSocket();
          s.setReuseAddress(true);
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
          listen(s);
        } catch (IOException e) {
          throw new IllegalStateException("cannot listen on port " + port + " again: " + e, e);
        }
      }
    }
    return this;
  }

  /** Removes every fault: no random share, no rules, no dead store. Counters are kept. */
  public FaultProxy heal() {
    share = 0;
    rules.clear();
    deadStore(null);
    return this;
  }

  // ---- counters ----

  /** Faults of {@code kind} that reached a client. */
  public long injected(Fault kind) {
    return injected.get(kind).get();
  }

  /** Faults of every kind that reached a client. */
  public long injectedTotal() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Counts per kind, for messages. */
  public Map<Fault, Long> injectedCounts() {
    Map<Fault, Long> m = new EnumMap<>(Fault.class);
    injected.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** Request heads received from clients. */
  public long requests() {
    return requests.get();
  }

  /** Client connections accepted. */
  public long connections() {
    return connections.get();
  }

  /** Request body bytes passed on to the store. */
  public long requestBodyBytes() {
    return requestBodyBytes.get();
  }

  /** Response body bytes received from the store and passed on (at least partly) to clients. */
  public long responseBodyBytes() {
    return responseBodyBytes.get();
  }

  /** Requests that asked for {@code Expect: 100-continue}. */
  public long expectContinueRequests() {
    return expectContinueRequests.get();
  }

  /** Requests and responses whose body came with {@code Transfer-Encoding: chunked}. */
  public long chunkedRequests() {
    return chunkedRequests.get();
  }

  public long chunkedResponses() {
    return chunkedResponses.get();
  }

  public void resetCounters() {
    expectContinueRequests.set(0);
    chunkedRequests.set(0);
    chunkedResponses.set(0);
    injected.values().forEach(c -> c.set(0));
    requests.set(0);
    connections.set(0);
    responseBodyBytes.set(0);
    requestBodyBytes.set(0);
  }

  @Override
  public void close() {
    closed = true;
    S3TestServer view = clientView;
    if (view != null) {
      view.close();
    }
    synchronized (listenLock) {
      closeQuietly(listener);
      listener = null;
    }
    for (Socket s : openSockets) {
      closeQuietly(s);
    }
    workers.shutdownNow();
  }

  // ---- the proxy ----

  private record Rule(Predicate<Request> which, Fault fault, AtomicInteger remaining) {
    boolean take(Request r) {
      if (!which.test(r)) {
        return false;
      }
      if (remaining == null) {
        return true;
      }
      while (true) {
        int n = remaining.get();
        if (n <= 0) {
          return false;
        }
        if (remaining.compareAndSet(n, n - 1)) {
          return true;
        }
      }
    }

    void giveBack() {
      if (remaining != null) {
        remaining.incrementAndGet();
      }
    }
  }

  /** A fault chosen for one request; {@code share} says where in a body it strikes. */
  private record Decision(Fault fault, double share, Rule rule) {}

  private void listen(ServerSocket s) {
    listener = s;
    Thread t = new Thread(() -> acceptLoop(s), "fault-proxy-accept-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop(ServerSocket s) {
    while (!closed && !s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      if (dead == DeadStore.RESET) {
        reset(client);
        continue;
      }
      openSockets.add(client);
      try {
        workers.execute(() -> serve(client));
      } catch (RuntimeException e) {
        closeQuietly(client); // shutting down
      }
    }
  }

  private void serve(Socket client) {
    BooleanSupplier storeDied = () -> dead != null;
    Socket up = null;
    long upstreamUsed = 0;
    try {
      client.setTcpNoDelay(true);
      InputStream cin = new BufferedInputStream(client.getInputStream(), BUFFER);
      OutputStream cout = new BufferedOutputStream(client.getOutputStream(), BUFFER);
      InputStream uin = null;
      OutputStream uout = null;
      while (!closed) {
        Head req = Head.read(cin);
        if (req == null) {
          return; // the client closed its connection
        }
        requests.incrementAndGet();
        Request request = req.request();
        if (dead != null) {
          dieOnDeadStore(client, cin);
          return;
        }
        Decision d = decide(request);
        Fault fault = d == null ? null : d.fault();
        if (fault == Fault.RESET_BEFORE_RESPONSE) {
          injected.get(fault).incrementAndGet();
          reset(client);
          return;
        }
        boolean expectContinue = "100-continue".equalsIgnoreCase(req.header("expect"));
        if (req.chunked()) {
          chunkedRequests.incrementAndGet();
        }
        if (expectContinue) {
          expectContinueRequests.incrementAndGet();
          // The proxy answers the client's Expect itself; the store still gets the header (it may be signed)
          // and its own interim 100 is skipped below.
          cout.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          cout.flush();
        }
        boolean clientWantsClose = req.wantsClose();
        if (fault == Fault.SLOW_DOWN || fault == Fault.INTERNAL_ERROR) {
          req.drainBody(cin);
          injected.get(fault).incrementAndGet();
          writeError(cout, request, fault);
          if (clientWantsClose) {
            return;
          }
          continue;
        }
        if (fault == Fault.STALL) {
          req.drainBody(cin);
          injected.get(fault).incrementAndGet();
          hold(client, cin, System.nanoTime() + stall.toNanos());
          return;
        }

        if (up != null && System.nanoTime() - upstreamUsed > UPSTREAM_IDLE_NANOS) {
          // the store may have closed an idle connection; a request lost that way would look like a fault
          openSockets.remove(up);
          closeQuietly(up);
          up = null;
        }
        if (up == null) {
          up = new Socket();
          up.connect(new InetSocketAddress(upstreamHost, upstreamPort), 10_000);
          up.setTcpNoDelay(true);
          openSockets.add(up);
          uin = new BufferedInputStream(up.getInputStream(), BUFFER);
          uout = new BufferedOutputStream(up.getOutputStream(), BUFFER);
        }
        req.writeHead(uout);
        req.copyBody(cin, uout, -1, storeDied, requestBodyBytes);
        uout.flush();

        Head resp;
        do {
          resp = Head.read(uin);
          if (resp == null) {
            throw new EOFException("the upstream server closed the connection before answering");
          }
        } while (resp.status() >= 100 && resp.status() < 200);
        resp.responseTo(req.method());
        if (resp.chunked()) {
          chunkedResponses.incrementAndGet();
        }

        if (fault != null && fault.needsResponseBody() && !resp.hasBody()) {
          if (d.rule() != null) {
            d.rule().giveBack();
          }
          fault = null;
        }
        resp.writeHead(cout);
        if (fault != null) {
          long cut = resp.contentLength() >= 0 ? (long) (d.share() * resp.contentLength()) : (long) (d.share() * 4096);
          resp.copyBody(uin, cout, cut, storeDied, responseBodyBytes);
          cout.flush();
          injected.get(fault).incrementAndGet();
          if (fault == Fault.RESET_MID_BODY) {
            reset(client);
          } else if (fault == Fault.STALL_MID_BODY) {
            hold(client, cin, System.nanoTime() + stall.toNanos());
          } else {
            client.shutdownOutput();
            drainUntilClosed(client, cin);
          }
          return;
        }
        resp.copyBody(uin, cout, -1, storeDied, responseBodyBytes);
        cout.flush();
        upstreamUsed = System.nanoTime();
        if (resp.wantsClose() || resp.contentLength() < 0 && !resp.chunked() && resp.hasBody()) {
          openSockets.remove(up);
          closeQuietly(up);
          up = null;
        }
        if (clientWantsClose || resp.wantsClose() || resp.contentLength() < 0 && !resp.chunked() && resp.hasBody()) {
          return;
        }
      }
    } catch (DeadStoreException e) {
      try {
        dieOnDeadStore(client, client.getInputStream());
      } catch (IOException ignored) {
        // already gone
      }
    } catch (IOException | RuntimeException e) {
      // one side went away or spoke garbage: the exchange ends like a dropped connection
    } finally {
      if (up != null) {
        openSockets.remove(up);
        closeQuietly(up);
      }
      openSockets.remove(client);
      closeQuietly(client);
    }
  }

  private void dieOnDeadStore(Socket client, InputStream in) {
    DeadStore mode = dead;
    if (mode == DeadStore.BLACKHOLE) {
      hold(client, in, Long.MAX_VALUE);
    } else {
      reset(client);
    }
  }

  private Decision decide(Request r) {
    for (Rule rule : rules) {
      if (rule.take(r)) {
        return new Decision(rule.fault(), fraction(r.target().hashCode(), rules.size()), rule);
      }
    }
    double s = share;
    List<Fault> kinds = randomKinds;
    if (s <= 0 || kinds.isEmpty()) {
      return null;
    }
    String range = r.header("range");
    String key = r.method() + " " + r.target() + (range == null ? "" : " " + range);
    int seen = timesSeen.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
    long h = mix(seed ^ mix(key.hashCode() * 0x9E3779B97F4A7C15L + seen));
    if (unit(h) >= s) {
      return null;
    }
    long h2 = mix(h);
    Fault f = kinds.get((int) Math.floorMod(h2, (long) kinds.size()));
    return new Decision(f, unit(mix(h2)), null);
  }

  private static double fraction(long a, long b) {
    return unit(mix(a * 31 + b));
  }

  private static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Keeps the connection open without answering, reading and dropping whatever the client sends. */
  private void hold(Socket client, InputStream in, long untilNanos) {
    byte[] sink = new byte[BUFFER];
    try {
      client.setSoTimeout(100);
      while (!closed && System.nanoTime() < untilNanos) {
        try {
          if (in.read(sink) < 0) {
            return; // the client gave up
          }
        } catch (SocketTimeoutException e) {
          // still there
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void drainUntilClosed(Socket client, InputStream in) {
    byte[] sink = new byte[BUFFER];
    try {
      client.setSoTimeout(5_000);
      while (in.read(sink) >= 0) {
        // the client has nothing to say that matters now
      }
    } catch (IOException e) {
      // gone or silent
    }
  }

  private void writeError(OutputStream out, Request r, Fault fault) throws IOException {
    int status = fault == Fault.SLOW_DOWN ? 503 : 500;
    String reason = fault == Fault.SLOW_DOWN ? "Slow Down" : "Internal Server Error";
    String code = fault == Fault.SLOW_DOWN ? "SlowDown" : "InternalError";
    String message = fault == Fault.SLOW_DOWN ? "Please reduce your request rate."
        : "We encountered an internal error. Please try again.";
    String requestId = "FAULT" + requests.get();
    byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
        + "</Message><Resource>" + r.path() + "</Resource><RequestId>" + requestId + "</RequestId></Error>")
        .getBytes(StandardCharsets.UTF_8);
    boolean head = r.method().equals("HEAD");
    String h = "HTTP/1.1 " + status + " " + reason + "\r\n"
        + "Content-Type: application/xml\r\n"
        + "x-amz-request-id: " + requestId + "\r\n"
        + "Content-Length: " + (head ? 0 : body.length) + "\r\n\r\n";
    out.write(h.getBytes(StandardCharsets.US_ASCII));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // closed already
    }
    closeQuietly(s);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // nothing left to do
      }
    }
  }

  /** Thrown while copying when the store has been declared dead. */
  private static final class DeadStoreException extends IOException {
    DeadStoreException() {
      super("the store is dead");
    }
  }

  /** The start line and headers of a request or response, kept as received. */
  private static final class Head {
    private final String startLine;
    private final List<String[]> headers;
    private String requestMethod;

    private Head(String startLine, List<String[]> headers) {
      this.startLine = startLine;
      this.headers = headers;
    }

    /** Reads one head; null when the stream ends before its first byte. */
    static Head read(InputStream in) throws IOException {
      String start = readLine(in, true);
      if (start == null) {
        return null;
      }
      while (start.isEmpty()) { // tolerated between messages
        start = readLine(in, true);
        if (start == null) {
          return null;
        }
      }
      List<String[]> headers = new ArrayList<>();
      for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("malformed header line: " + line);
        }
        headers.add(new String[] {line.substring(0, colon), line.substring(colon + 1).trim()});
      }
      return new Head(start, headers);
    }

    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    String method() {
      return startLine.substring(0, startLine.indexOf(' '));
    }

    Request request() {
      String[] parts = startLine.split(" ", 3);
      Map<String, String> m = new java.util.LinkedHashMap<>();
      for (String[] h : headers) {
        m.put(h[0].toLowerCase(Locale.ROOT), h[1]);
      }
      return new Request(parts[0], parts.length > 1 ? parts[1] : "", Collections.unmodifiableMap(m));
    }

    int status() {
      String[] parts = startLine.split(" ", 3);
      return Integer.parseInt(parts[1]);
    }

    /** Marks this head as the response to a request with {@code method} (HEAD responses have no body). */
    void responseTo(String method) {
      this.requestMethod = method;
    }

    boolean chunked() {
      String te = header("transfer-encoding");
      return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    long contentLength() {
      String cl = header("content-length");
      return cl == null || chunked() ? -1 : Long.parseLong(cl.trim());
    }

    boolean wantsClose() {
      String c = header("connection") == null ? "" : header("connection").toLowerCase(Locale.ROOT);
      if (c.contains("close")) {
        return true;
      }
      boolean http10 = startLine.startsWith("HTTP/1.0") || startLine.endsWith("HTTP/1.0");
      return http10 && !c.contains("keep-alive");
    }

    /** For a response: whether a body follows the head. */
    boolean hasBody() {
      if ("HEAD".equals(requestMethod)) {
        return false;
      }
      int s = status();
      if (s < 200 || s == 204 || s == 304) {
        return false;
      }
      return chunked() || contentLength() != 0;
    }

    void writeHead(OutputStream out) throws IOException {
      StringBuilder b = new StringBuilder(startLine).append("\r\n");
      for (String[] h : headers) {
        b.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      b.append("\r\n");
      out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads and drops a request body. */
    void drainBody(InputStream in) throws IOException {
      copyBody(in, OutputStream.nullOutputStream(), -1, null, null);
    }

    /**
     * Copies this message's body from {@code in} to {@code out}, at most {@code limit} raw bytes
     * when {@code limit >= 0}; returns the bytes copied. Requests without framing have no body;
     * responses without framing run to the end of the stream. The copy stops with {@link
     * DeadStoreException} when {@code storeDied} (if given) says so.
     */
    long copyBody(InputStream in, OutputStream out, long limit, BooleanSupplier storeDied, AtomicLong progress)
        throws IOException {
      boolean response = requestMethod != null;
      if (response && !hasBody()) {
        return 0;
      }
      if (chunked()) {
        return copyChunked(in, out, limit, storeDied, progress);
      }
      long length = contentLength();
      if (length < 0 && !response) {
        return 0;
      }
      long want = length < 0 ? Long.MAX_VALUE : length;
      if (limit >= 0) {
        want = Math.min(want, limit);
      }
      return copy(in, out, want, length >= 0 && (limit < 0 || limit >= length), storeDied, progress);
    }

    private static long copy(InputStream in, OutputStream out, long n, boolean mustComplete,
        BooleanSupplier storeDied, AtomicLong progress) throws IOException {
      byte[] buf = new byte[BUFFER];
      long done = 0;
      while (done < n) {
        if (storeDied != null && storeDied.getAsBoolean()) {
          throw new DeadStoreException();
        }
        int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
        if (r < 0) {
          if (mustComplete && n != Long.MAX_VALUE) {
            throw new EOFException("body ended after " + done + " of " + n + " bytes");
          }
          break;
        }
        out.write(buf, 0, r);
        done += r;
        if (progress != null) {
          progress.addAndGet(r);
        }
      }
      return done;
    }

    private static long copyChunked(InputStream in, OutputStream out, long limit, BooleanSupplier storeDied,
        AtomicLong progress) throws IOException {
      LimitedOutput lim = new LimitedOutput(out, limit);
      while (true) {
        String sizeLine = readLine(in, false);
        lim.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int semi = sizeLine.indexOf(';');
        long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          for (String t = readLine(in, false); ; t = readLine(in, false)) {
            lim.write((t + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (t.isEmpty()) {
              break;
            }
          }
          return lim.written;
        }
        copy(in, lim, size, true, storeDied, progress);
        String end = readLine(in, false);
        if (!end.isEmpty()) {
          throw new IOException("chunk not followed by CRLF");
        }
        lim.write(CRLF);
        if (lim.full()) {
          return lim.written;
        }
      }
    }
  }

  /** Passes on at most {@code limit} bytes (all when negative) and drops the rest. */
  private static final class LimitedOutput extends OutputStream {
    private final OutputStream out;
    private final long limit;
    long written;

    LimitedOutput(OutputStream out, long limit) {
      this.out = out;
      this.limit = limit;
    }

    boolean full() {
      return limit >= 0 && written >= limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int n = limit < 0 ? len : (int) Math.max(0, Math.min(len, limit - written));
      out.write(b, off, n);
      written += n;
    }
  }

  /** A CRLF- (or LF-) terminated line in ISO-8859-1; null at the end of the stream when {@code eofOk}. */
  private static String readLine(InputStream in, boolean eofOk) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (eofOk && b.size() == 0) {
          return null;
        }
        throw new EOFException("stream ended inside a line");
      }
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (b.size() > 65536) {
        throw new IOException("line too long");
      }
      b.write(c);
    }
  }
}
