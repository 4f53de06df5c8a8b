package org.flyte.copilot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flyte.copilot.cli.run.LocalTaskRun;
import org.flyte.copilot.cli.run.TaskSpec;
import org.flyte.copilot.core.storage.file.FileStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code copilot run}: a whole raw-container task on this machine, through the real download and upload. */
@Command(name = "run", mixinStandardHelpOptions = true, abbreviateSynopsis = true, usageHelpWidth = 100,
    description = {"Run a raw-container task locally: upload its inputs to the store, run the download step "
        + "into a fresh input directory, run the command with {{.inputs.<name>}} filled in and the task's "
        + "input/output directories mapped to local ones, then run the sidecar step and print the typed outputs.",
        "The store is the embedded local directory unless --config / --storage.* flags point elsewhere "
            + "(S3, MinIO, GCS)."},
    footer = {"", "Example: copilot run examples/greet.yaml --input name=Flyte"})
final class RunCommand implements Callable<Integer>, ContextExecutionStrategy.NeedsContext {
  @Parameters(index = "0", paramLabel = "<task.yaml>", description = "The task spec (see examples/).")
  Path spec;

  @Option(names = {"-i", "--input"}, paramLabel = "<name=value>",
      description = "An input value (YAML syntax for lists and maps; a local path for files); repeatable.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--inputs", paramLabel = "<file>",
      description = "A YAML or JSON mapping of input names to values.")
  Path inputsFile;

  @Option(names = "--json", description = "Print the result as one JSON object instead of a table.")
  boolean json;

  @Option(names = "--work-dir", paramLabel = "<dir>",
      description = "Where the input and output directories are made (default: a new temporary directory).")
  Path workDir;

  @Option(names = "--prefix", paramLabel = "<ref>",
      description = "Remote prefix for this run's inputs, outputs and raw data "
          + "(default: <store>/copilot-runs/<task>-<time>).")
  String prefix;

  private CliContext ctx;

  @Override
  public void context(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    TaskSpec task = TaskSpec.read(spec);
    Map<String, JsonNode> values = new LinkedHashMap<>();
    if (inputsFile != null) {
      JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(inputsFile));
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException(inputsFile + ": a mapping of input names to values is needed");
      }
      n.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue()));
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (String pair : inputs) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--input " + pair + ": expected name=value");
      }
      texts.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("copilot-run-");
    LocalTaskRun run = new LocalTaskRun(task, ctx.config().storage(), ctx.store(), work, prefix,
        ctx.commandLine().getOut(), ctx.commandLine().getErr());
    LocalTaskRun.Result result = run.run(values, texts);
    if (json) {
      ctx.commandLine().getOut().println(result.toJson());
    } else {
      ctx.commandLine().getOut().print(result.toTable());
      ctx.commandLine().getOut().println("work dir:    " + work + " (inputs/, outputs/)");
      if (ctx.store().primary() instanceof FileStore fs) {
        ctx.commandLine().getOut().println("local store: " + fs.root() + " (file://<container>/<key> is <store>/<container>/<key>)");
      }
    }
    ctx.commandLine().getOut().flush();
    return result.exitCode();
  }
}
