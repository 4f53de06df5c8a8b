package org.flyte.copilot.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.status.StatusBoard;
import org.flyte.copilot.grpc.v1.StatusGrpc;

/**
 * The opt-in gRPC server of a command ({@code --grpc-port}): the standard {@code grpc.health.v1.Health}
 * service (for Kubernetes gRPC probes; SERVING for the server as a whole and for {@code
 * copilot.v1.Status}) and {@code copilot.v1.Status}. Plain text (HTTP/2 without TLS), one event-loop
 * thread and one timer thread, calls handled on the event loop (they only read the board).
 * {@link #close()} sends open watches their last report, then stops.
 */
public final class StatusServer implements AutoCloseable {
  private static final long CLOSE_WAIT_MS = 1000;
  private static final String NO_NATIVE = "io.grpc.netty.shaded.io.netty.transport.noNative";

  private final Server server;
  private final EventLoopGroup loop;
  private final ScheduledExecutorService timer;
  private final HealthStatusManager health;
  private final StatusService status;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private StatusServer(Server server, EventLoopGroup loop, ScheduledExecutorService timer, HealthStatusManager health,
      StatusService status) {
    this.server = server;
    this.loop = loop;
    this.timer = timer;
    this.health = health;
    this.status = status;
  }

  /**
   * Starts serving {@code board} on {@code host:port} (port 0: any free port).
   *
   * @throws UncheckedIOException when the address cannot be bound, naming it
   */
  public static StatusServer start(String host, int port, StatusBoard board, String version) {
    // the fat jar has no netty native libraries (plain text on NIO): do not even try to load them
    if (System.getProperty(NO_NATIVE) == null) {
      System.setProperty(NO_NATIVE, "true");
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "copilot-grpc-status");
      t.setDaemon(true);
      return t;
    });
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, r -> {
      Thread t = new Thread(r, "copilot-grpc");
      t.setDaemon(true);
      return t;
    }, NioIoHandler.newFactory());
    HealthStatusManager health = new HealthStatusManager();
    StatusService status = new StatusService(board, version, timer);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port), InsecureServerCredentials.create())
        .bossEventLoopGroup(loop)
        .workerEventLoopGroup(loop)
        .channelType(NioServerSocketChannel.class)
        .directExecutor()
        .addService(health.getHealthService())
        .addService(status)
        .build();
    try {
      server.start();
    } catch (IOException e) {
      timer.shutdownNow();
      loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new UncheckedIOException("cannot serve gRPC on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(StatusGrpc.SERVICE_NAME, ServingStatus.SERVING);
    return new StatusServer(server, loop, timer, health, status);
  }

  /** The port bound (the one chosen when started with port 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    health.enterTerminalState();
    status.finishAll();
    server.shutdown();
    try {
      if (!server.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      timer.shutdownNow();
      loop.shutdownGracefully(0, CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
    }
  }
}
