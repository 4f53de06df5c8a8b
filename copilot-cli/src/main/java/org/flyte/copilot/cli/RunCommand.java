package org.flyte.copilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flyte.copilot.cli.run.CommandRunner;
import org.flyte.copilot.cli.run.ContainerEngine;
import org.flyte.copilot.cli.run.ContainerRunner;
import org.flyte.copilot.cli.run.HostRunner;
import org.flyte.copilot.cli.run.IoMessages;
import org.flyte.copilot.cli.run.LocalTaskRun;
import org.flyte.copilot.cli.run.RunResult;
import org.flyte.copilot.cli.run.RunWorkDir;
import org.flyte.copilot.cli.run.TaskSpec;
import org.flyte.copilot.core.config.LoggerConfig;
import org.flyte.copilot.core.storage.file.FileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code copilot run}: a whole raw-container task on this machine, through the real download and upload. */
@Command(name = "run", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    description = {"Run a raw-container task locally: upload its inputs to the store, run the download step "
        + "into a fresh input directory, run the command with {{.inputs.<name>}} filled in, then run the "
        + "sidecar step and print the typed outputs. The task spec is described in docs/task-spec.md.",
        "When the spec names an image and docker or podman is on the PATH, the command runs in that image "
            + "(pulled if missing) with the input and output directories mounted at the task's paths; "
            + "otherwise it runs on this machine with those paths replaced by local folders.",
        "The store is the embedded local directory unless --config / --storage.* flags point elsewhere "
            + "(S3, MinIO, GCS); ./config.yaml is not read. Progress lines go to stderr (hidden with "
            + "--logger.mute or --logger.level below 3). Exit code: the command's when it fails, 1 when "
            + "its outputs are missing or invalid, else 0."},
    footer = {"", "Example: copilot run examples/greet.yaml --input name=Flyte"})
final class RunCommand extends TaskSpecCommand {
  @Option(names = {"-i", "--input"}, paramLabel = "<name=value>",
      description = "An input value (YAML syntax for lists and maps; a path for files, relative to the "
          + "current folder); repeatable.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--inputs", paramLabel = "<file>",
      description = "A YAML or JSON mapping of input names to values (paths relative to the file's folder).")
  Path inputsFile;

  @Option(names = "--json", description = "Print the result as one JSON object on stdout; the command's own "
      + "output goes to stderr.")
  boolean json;

  @Option(names = "--work-dir", paramLabel = "<dir>",
      description = "Where the input and output directories are made, kept after the run (default: a new "
          + "temporary folder, removed after a successful run).")
  Path workDir;

  @Option(names = "--prefix", paramLabel = "<ref>",
      description = "Remote prefix for this run's inputs, outputs and raw data "
          + "(default: <store>/copilot-runs/<task>-<time>).")
  String prefix;

  @Option(names = "--engine", paramLabel = "<docker|podman|path>",
      description = "The container engine's client (default: docker, else podman, from the PATH).")
  String engine;

  @Option(names = "--no-container", description = "Run the command on this machine even when the spec names an image.")
  boolean noContainer;

  @Override
  public Integer call() throws IOException {
    TaskSpec task = spec.read();
    LocalTaskRun.Inputs given = readInputs();
    PrintWriter out = ctx.commandLine().getOut();
    PrintWriter err = ctx.commandLine().getErr();
    LoggerConfig logger = ctx.config().logger();
    boolean progress = !logger.mute() && logger.level() >= 3;
    CommandRunner runner = runner(task, err, !logger.mute(), progress);
    RunWorkDir work = RunWorkDir.prepare(workDir);
    CommandRunner.Console console = new CommandRunner.Console(json ? err : out, err,
        task.localLogs() ? null : work.root().resolve("command.log"));
    RunResult result;
    try {
      result = new LocalTaskRun(task, ctx.config().storage(), ctx.store(), work, prefix, runner, console,
          err, progress).run(given);
    } catch (RuntimeException | IOException e) {
      if (work.temporary()) {
        work.delete();
      }
      throw e;
    }
    boolean removed = work.temporary() && result.error() == null && work.delete();
    if (json) {
      out.println(result.toJson());
    } else {
      out.print(result.toTable());
      if (!removed) {
        out.println("work dir:    " + work.root() + " (inputs/, outputs/)"
            + (work.temporary() ? ", kept to look into" : ""));
      }
      if (ctx.store().primary() instanceof FileStore fs) {
        out.println("local store: " + fs.root() + " (file://<container>/<key> is <store>/<container>/<key>)");
      }
    }
    out.flush();
    return result.exitCode();
  }

  private CommandRunner runner(TaskSpec task, PrintWriter err, boolean notices, boolean progress) {
    if (noContainer) {
      return new HostRunner();
    }
    if (task.image().isEmpty()) {
      if (engine != null) {
        throw new IllegalArgumentException("--engine " + engine + ": the task spec names no image");
      }
      return new HostRunner();
    }
    List<String> skipped = new ArrayList<>();
    Optional<ContainerEngine> found = ContainerEngine.find(engine, ctx.env(), skipped::add);
    if (found.isEmpty()) {
      if (notices) {
        err.println("copilot run: " + (skipped.isEmpty() ? "no docker or podman on the PATH" : String.join("; ", skipped))
            + ", so the command runs on this machine, not in " + task.image() + " (--no-container hides this line)");
      }
      return new HostRunner();
    }
    return new ContainerRunner(found.get(), task.image(), message -> {
      if (progress) {
        err.println("copilot run: " + message);
        err.flush();
      }
    });
  }

  private LocalTaskRun.Inputs readInputs() {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    Path valuesDir = Path.of("").toAbsolutePath();
    if (inputsFile != null) {
      JsonNode n;
      try {
        n = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(inputsFile));
      } catch (IOException e) {
        throw new IllegalArgumentException("--inputs " + inputsFile + ": " + IoMessages.describe(e));
      }
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("--inputs " + inputsFile + ": a mapping of input names to values is needed");
      }
      n.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
      valuesDir = inputsFile.toAbsolutePath().getParent();
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (String pair : inputs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--input " + pair + ": expected name=value");
      }
      texts.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new LocalTaskRun.Inputs(texts, values, valuesDir);
  }
}
