package org.flyte.copilot.cli;

import java.io.PrintWriter;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.status.StatusBoard;
import org.flyte.copilot.core.status.StatusObserver;

/**
 * The status a command reports and, with {@code --grpc-port}, the gRPC server that serves it. Without
 * the flag nothing of gRPC (or of the board) is loaded: the server is started through {@link Grpc}, a
 * class of its own that the JVM resolves only when it runs.
 */
final class StatusServing implements AutoCloseable {
  private static final StatusServing OFF = new StatusServing(StatusObserver.NONE, null);

  private final StatusObserver observer;
  private final AutoCloseable server;

  private StatusServing(StatusObserver observer, AutoCloseable server) {
    this.observer = observer;
    this.server = server;
  }

  /**
   * Serves {@code command}'s status when {@code options} ask for it. A server that cannot start is
   * reported on {@code err} and the command goes on without it: moving the task's data matters more.
   */
  static StatusServing start(GrpcOptions options, String command, PrintWriter err) {
    if (options == null || !options.enabled()) {
      return OFF;
    }
    StatusBoard board = new StatusBoard(command);
    String version = CopilotCommand.class.getPackage().getImplementationVersion();
    try {
      AutoCloseable server = Grpc.start(options.address, options.port, board, version == null ? "dev" : version, err);
      return new StatusServing(board, server);
    } catch (RuntimeException e) {
      err.println("copilot " + command + ": no gRPC status server: " + Messages.describe(e));
      err.flush();
      return new StatusServing(board, null);
    }
  }

  StatusObserver observer() {
    return observer;
  }

  /** Sends open watches the last report and stops the server. */
  @Override
  public void close() {
    if (server != null) {
      try {
        server.close();
      } catch (Exception e) {
        java.util.logging.Logger.getLogger("org.flyte.copilot.cli").warning("stopping the gRPC server: " + Messages.of(e));
      }
    }
  }

  /** The only class of the CLI that names a gRPC class. */
  private static final class Grpc {
    static AutoCloseable start(String address, int port, StatusBoard board, String version, PrintWriter err) {
      org.flyte.copilot.grpc.StatusServer server = org.flyte.copilot.grpc.StatusServer.start(address, port, board, version);
      err.println("copilot: gRPC health and status on " + address + ":" + server.port());
      err.flush();
      return server;
    }
  }
}
