package org.flyte.copilot.cli;

import java.util.concurrent.Callable;
import org.flyte.copilot.grpc.StatusWatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code copilot status}: the live view of a command started with {@code --grpc-port}. */
@Command(name = "status", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    description = {"Show what a running download or sidecar (started with --grpc-port) is doing: phase, bytes "
        + "done and total, rate, per-variable progress, retries and errors.",
        "Live until that command ends (exit 0 when it succeeded, 1 when it failed); --once prints one report."})
final class StatusCommand implements Callable<Integer> {
  @Option(names = {"-a", "--address"}, required = true, paramLabel = "<host:port>",
      description = "Where the command serves gRPC, e.g. 127.0.0.1:9090 (kubectl port-forward works).")
  String address;

  @Option(names = "--once", description = "Print the current report and exit.")
  boolean once;

  @Option(names = "--interval", paramLabel = "<duration>",
      description = "Time between reports of the live view, Go duration syntax (default: ${DEFAULT-VALUE}).")
  String interval = "1s";

  @Option(names = "--timeout", paramLabel = "<duration>",
      description = "How long --once waits for an answer (default: ${DEFAULT-VALUE}).")
  String timeout = "10s";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    long intervalMs = FlagValues.duration(spec.commandLine(), interval, "--interval").toMillis();
    long timeoutMs = FlagValues.duration(spec.commandLine(), timeout, "--timeout").toMillis();
    boolean terminal = System.console() != null && !once; // redraw only for a person watching
    return StatusWatch.run(address, once, (int) Math.min(Integer.MAX_VALUE, intervalMs), timeoutMs, terminal,
        spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
