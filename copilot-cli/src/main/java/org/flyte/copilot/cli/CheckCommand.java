package org.flyte.copilot.cli;

import org.flyte.copilot.core.error.Messages;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.transfer.Bounded;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code copilot check}: proves that the configured store is reachable and that its credentials may
 * list, write, read back and delete under a prefix, one line per step. Stops at the first failure
 * with exit 1 and its cause; messages never carry a secret (they come from the same redacting paths
 * as every other error).
 */
@Command(name = "check", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    description = {"Check the configured store: open it, list, write a probe object, read it back, delete it.",
        "Uses the same --config, --storage.* flags and STORAGE.* variables as download and sidecar. Prints one "
            + "line per step and exits 1 at the first failure, with its cause."})
final class CheckCommand extends ContextCommand {
  @Option(names = "--prefix", paramLabel = "<ref>",
      description = "Where to list and write the probe, e.g. s3://my-bucket/metadata (default: the root of "
          + "storage.container). The probe is <prefix>/.copilot-check-<random>, deleted at the end.")
  String prefix;

  @Option(names = {"-t", "--timeout"}, paramLabel = "<duration>",
      description = "Longest time one step may take, Go duration syntax (default: ${DEFAULT-VALUE}).")
  String timeout = "30s";

  private static final int PROBE_SIZE = 64;


  @Override
  public Integer call() {
    Duration limit = FlagValues.duration(ctx.commandLine(), timeout, "-t, --timeout");
    PrintWriter out = ctx.commandLine().getOut();
    Steps steps = new Steps(out, limit, ctx);
    long start = System.nanoTime();
    try {
      StorageConfig storage = steps.run("config", () -> {
        StorageConfig s = ctx.config().storage();
        ctx.checkStorage();
        return s;
      }, s -> "storage.type " + s.type() + ", stow.kind " + (s.stow().kind().isEmpty() ? "-" : s.stow().kind())
          + ", container " + (s.container().isEmpty() ? "-" : s.container()));
      ObjectStore store = steps.run("open", ctx::store, s -> s.scheme() + " store"
          + (storage.container().isEmpty() ? "" : ", container " + storage.container() + " is there"));
      DataReference base = steps.run("prefix", () -> base(store, storage), DataReference::toString);
      steps.run("list", () -> store.listPage(base, null, 10), page -> asPrefix(base) + " answered with "
          + page.objects().size() + (page.isLast() ? "" : "+") + " object(s) on the first page");
      DataReference probe = base.child(".copilot-check-" + UUID.randomUUID());
      byte[] written = ("copilot check " + probe + "\n").repeat(4).substring(0, PROBE_SIZE)
          .getBytes(StandardCharsets.UTF_8);
      steps.run("write", () -> {
        store.write(probe, written);
        return probe;
      }, p -> p + " (" + written.length + " bytes)");
      boolean readBack = false;
      try {
        steps.run("read", () -> store.readAllBytes(probe), read -> {
          if (!Arrays.equals(read, written)) {
            throw new IllegalStateException("read back " + read.length + " bytes that differ from the "
                + written.length + " written");
          }
          return read.length + " bytes, the same as written";
        });
        readBack = true;
      } finally {
        if (!readBack) {
          removeQuietly(store, probe, limit);
        }
      }
      steps.run("delete", () -> {
        store.delete(probe);
        return store.head(probe);
      }, left -> {
        if (left.isPresent()) {
          throw new IllegalStateException(probe + " is still there after the delete");
        }
        return probe + " is gone";
      });
      out.printf(Locale.ROOT, "store OK: %s can be listed, written, read back and deleted (%d ms)%n", asPrefix(base),
          (System.nanoTime() - start) / 1_000_000);
      out.flush();
      return 0;
    } catch (StepFailed e) {
      return 1;
    }
  }

  /** After a failed read the probe should not stay behind; the read's failure is what the user sees. */
  private static void removeQuietly(ObjectStore store, DataReference probe, Duration limit) {
    try {
      Bounded.call(limit, "delete did not answer", () -> {
        store.delete(probe);
        return null;
      });
    } catch (RuntimeException e) {
      // reported by the failed step already; the probe is a 64-byte object named .copilot-check-*
    }
  }

  private static String asPrefix(DataReference base) {
    String s = base.toString();
    return s.endsWith("/") ? s : s + "/";
  }

  private DataReference base(ObjectStore store, StorageConfig storage) {
    if (prefix != null && !prefix.isEmpty()) {
      DataReference p = DataReference.parse(prefix);
      if (p.scheme().isEmpty()) {
        return new DataReference(store.scheme(), p.container().isEmpty() ? storage.container() : p.container(),
            p.key());
      }
      return p;
    }
    if (storage.container().isEmpty()) {
      throw new IllegalArgumentException("no --prefix given and storage.container is not set: nothing to check");
    }
    return new DataReference(store.scheme(), storage.container(), "");
  }

  /** Runs and reports steps; the first failure is printed and ends the check. */
  private static final class Steps {
    private final PrintWriter out;
    private final Duration limit;
    private final CliContext ctx;

    Steps(PrintWriter out, Duration limit, CliContext ctx) {
      this.out = out;
      this.limit = limit;
      this.ctx = ctx;
    }

    <T> T run(String name, Supplier<T> step, java.util.function.Function<T, String> describe) {
      long t0 = System.nanoTime();
      try {
        T result = Bounded.call(limit, "no answer within " + GoDurations.format(limit.toNanos()) + " (--timeout)", step);
        String detail = describe.apply(result);
        line("ok  ", name, detail, t0);
        return result;
      } catch (RuntimeException e) {
        line("FAIL", name, Messages.describe(e), t0);
        ctx.printStackTrace(e);
        throw new StepFailed();
      }
    }

    private void line(String status, String name, String detail, long t0) {
      out.printf(Locale.ROOT, "%s %-7s %s (%d ms)%n", status, name, detail, (System.nanoTime() - t0) / 1_000_000);
      out.flush();
    }
  }

  /** A step failed and has been reported. */
  private static final class StepFailed extends RuntimeException {
    StepFailed() {
      super(null, null, false, false);
    }
  }
}
