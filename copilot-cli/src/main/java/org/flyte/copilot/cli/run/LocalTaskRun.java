package org.flyte.copilot.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.error.ErrorDocuments;
import org.flyte.copilot.core.iostrategy.Choices;
import org.flyte.copilot.core.iostrategy.FileInputLayout;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.Stores;
import org.flyte.copilot.core.text.Counts;
import org.flyte.copilot.download.DownloadRequest;
import org.flyte.copilot.download.Downloader;
import org.flyte.copilot.upload.lifecycle.Sidecar;
import org.flyte.copilot.upload.lifecycle.SidecarInput;
import org.flyte.copilot.upload.transfer.UploadListener;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.watch.NoopWatcher;
import org.flyte.copilot.core.literal.LiteralTypes;
import org.flyte.copilot.core.literal.LiteralText;
import org.flyte.copilot.core.literal.LiteralValues;

/**
 * One local run of a task: inputs to the store, the download step, the command (on this machine or in
 * the task's image), the sidecar step. The download and sidecar steps are the code the pod runs.
 */
public final class LocalTaskRun {
  /** Input values: from the command line (paths relative to the current folder) and from a file. */
  public record Inputs(Map<String, String> texts, Map<String, JsonNode> values, Path valuesDir) {}

  private final TaskSpec task;
  private final StorageConfig storage;
  private final ObjectStore store;
  private final RunWorkDir work;
  private final String prefix;
  private final CommandRunner runner;
  private final CommandRunner.Console console;
  private final PrintWriter err;
  private final boolean progress;

  /**
   * @param console where the command's output goes
   * @param err where progress lines go, when {@code progress} is on
   */
  public LocalTaskRun(TaskSpec task, StorageConfig storage, ObjectStore store, RunWorkDir work, String prefix,
      CommandRunner runner, CommandRunner.Console console, PrintWriter err, boolean progress) {
    this.task = task;
    this.storage = storage;
    this.store = store;
    this.work = work;
    this.prefix = prefix != null ? prefix : defaultPrefix(task, storage, store.scheme());
    this.runner = runner;
    this.console = console;
    this.err = err;
    this.progress = progress;
  }

  /** {@code <scheme>://<container or copilot-runs>/copilot-runs/<task>-<time>} on the primary store. */
  static String defaultPrefix(TaskSpec task, StorageConfig storage, String scheme) {
    String container = storage.container().isEmpty() ? "copilot-runs" : storage.container() + "/copilot-runs";
    String id = task.name().replaceAll("[^A-Za-z0-9_.-]", "-") + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    return scheme + "://" + container + "/" + id;
  }

  public RunResult run(Inputs given) throws IOException {
    MetadataFormat format = Choices.parse(MetadataFormat.class, task.metadataFormat(), "metadata_format");
    FileInputLayout layout = Choices.parse(FileInputLayout.class, task.fileInputLayout(), "file_input_layout");
    String inputsRef = DataReference.construct(prefix, "inputs", "inputs.pb");
    runner.prepare();
    LiteralMap inputMap = buildInputs(given);
    List<String> commandLine = CommandTemplates.render(task.commandLine(), inputMap.getLiteralsMap(),
        LiteralText::template);
    store.write(DataReference.parse(inputsRef), inputMap.toByteArray());
    status("inputs written to " + inputsRef);

    new Downloader(store).download(DownloadRequest.of(inputsRef, work.inputs().toString())
        .withFormat(format).withLayout(layout));
    status("download step: inputs materialised in " + work.inputs());

    status("running " + commandLine.get(0) + " with " + Counts.of(commandLine.size() - 1, "argument") + " "
        + runner.where() + (console.log() != null ? "; its output goes to " + console.log() : ""));
    int commandExit = runner.run(task, commandLine, work, console);
    status("command exited with code " + commandExit);

    String outputPrefix = DataReference.construct(prefix, "outputs");
    String raw = DataReference.construct(prefix, "raw");
    UploadRequest request = UploadRequest.of(outputPrefix, raw, work.outputs(), task.typedInterface())
        .withFormat(format);
    int sidecarExit = task.outputs().isEmpty() ? 0
        : new Sidecar(new StatusListener()).run(new SidecarInput.Valid(request, NoopWatcher.TYPE),
            new NoopWatcher(), () -> Stores.open(storage));
    String sidecarError = sidecarExit == 0 ? null : readError(outputPrefix);
    if (commandExit != 0) {
      String error = runner.describeExit(commandExit) + (sidecarError == null ? "" : "; " + sidecarError);
      return new RunResult(commandExit, commandExit, prefix, task.outputs(), LiteralMap.getDefaultInstance(), error);
    }
    if (sidecarError != null) {
      return new RunResult(1, commandExit, prefix, task.outputs(), LiteralMap.getDefaultInstance(), sidecarError);
    }
    LiteralMap outputs = task.outputs().isEmpty() ? LiteralMap.getDefaultInstance()
        : LiteralMap.parseFrom(store.readAllBytes(DataReference.parse(
            DataReference.construct(outputPrefix, "outputs.pb"))));
    return new RunResult(0, 0, prefix, task.outputs(), outputs, null);
  }

  private String readError(String outputPrefix) {
    try {
      byte[] doc = store.readAllBytes(DataReference.parse(
          DataReference.construct(outputPrefix, ErrorDocuments.DEFAULT_NAME)));
      return ErrorDocument.parseFrom(doc).getError().getMessage().strip();
    } catch (IOException | RuntimeException e) {
      return "the sidecar step failed and left no error document";
    }
  }

  private LiteralMap buildInputs(Inputs given) {
    for (String name : given.texts().keySet()) {
      if (!task.inputs().containsKey(name)) {
        throw new IllegalArgumentException("--input " + name + ": the task has no input named \"" + name
            + "\" (inputs: " + task.inputs().keySet() + ")");
      }
    }
    LiteralValues fromCommandLine = new LiteralValues(this::storeBlob, Path.of("").toAbsolutePath());
    LiteralValues fromFile = new LiteralValues(this::storeBlob, given.valuesDir());
    LiteralValues fromSpec = new LiteralValues(this::storeBlob, task.baseDir());
    Map<String, Literal> literals = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    task.inputs().forEach((name, type) -> {
      if (given.texts().containsKey(name)) {
        literals.put(name, fromCommandLine.fromText(name, given.texts().get(name), type));
      } else if (given.values().containsKey(name)) {
        literals.put(name, fromFile.from(name, given.values().get(name), type));
      } else if (task.defaults().containsKey(name)) {
        literals.put(name, fromSpec.from(name, task.defaults().get(name), type));
      } else if (type.hasUnionType()) {
        literals.put(name, fromSpec.from(name, null, type));
      } else {
        missing.add(name + " (" + LiteralTypes.specName(type) + ")");
      }
    });
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("missing inputs " + missing + ": give them with --input name=value, "
          + "--inputs file.yaml or a default in the task spec");
    }
    return LiteralMap.newBuilder().putAllLiterals(literals).build();
  }

  /** Uploads a local file or directory for an input, as Flyte does before the task runs. */
  private String storeBlob(String variable, Path local) {
    String base = DataReference.construct(prefix, "inputs", "data", variable.replaceAll("[\\[\\].]", "_"));
    if (Files.isRegularFile(local)) {
      store.write(DataReference.parse(base), local);
      return base;
    }
    if (Files.isDirectory(local)) {
      try (Stream<Path> files = Files.walk(local)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String rel = local.relativize(f).toString().replace('\\', '/');
          store.write(DataReference.parse(DataReference.construct(base, rel.split("/"))), f);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("input \"" + variable + "\": cannot read " + local + ": "
            + IoMessages.describe(e));
      }
      return base;
    }
    throw new IllegalArgumentException("input \"" + variable + "\": " + local
        + (Files.exists(local) ? " is not a file or directory" : ": no such file or directory"));
  }

  private void status(String message) {
    if (progress) {
      synchronized (err) {
        err.println("copilot run: " + message);
        err.flush();
      }
    }
  }

  /** Shows the sidecar step's messages as run status lines. */
  private final class StatusListener implements UploadListener {
    @Override
    public void info(String message) {
      status("sidecar step: " + message);
    }

    @Override
    public void warn(String message) {
      status("sidecar step: warning: " + message);
    }

    @Override
    public void error(String message) {
      status("sidecar step: error: " + message);
    }
  }
}
