package org.flyte.copilot.cli;

import picocli.CommandLine.Option;

/** {@code --grpc-port} and {@code --grpc-address}: the opt-in gRPC health and status server (D15). */
public final class GrpcOptions {
  @Option(names = "--grpc-port", paramLabel = "<port>",
      description = "Serve gRPC health (grpc.health.v1.Health) and status (copilot.v1.Status) on this port "
          + "while the command runs; off by default. 0 picks a free port (it is logged).")
  Integer port;

  @Option(names = "--grpc-address", paramLabel = "<host>",
      description = "Address the gRPC server binds (default: ${DEFAULT-VALUE}, every interface; "
          + "127.0.0.1 keeps it inside the pod).")
  String address = "0.0.0.0";

  boolean enabled() {
    return port != null;
  }
}
