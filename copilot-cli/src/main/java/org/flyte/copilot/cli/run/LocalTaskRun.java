package org.flyte.copilot.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.flyte.copilot.core.config.StorageConfig;
import org.flyte.copilot.core.errordoc.ErrorDocuments;
import org.flyte.copilot.core.iostrategy.Choices;
import org.flyte.copilot.core.iostrategy.FileInputLayout;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.Stores;
import org.flyte.copilot.core.text.GoJson;
import org.flyte.copilot.download.DownloadRequest;
import org.flyte.copilot.download.Downloader;
import org.flyte.copilot.upload.Sidecar;
import org.flyte.copilot.upload.SidecarInput;
import org.flyte.copilot.upload.UploadListener;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.watch.NoopWatcher;

/**
 * One local run of a task: inputs to the store, the download step, the command as a child process,
 * the sidecar step. Each step uses the same code as the init container and the sidecar.
 */
public final class LocalTaskRun {
  private final TaskSpec task;
  private final StorageConfig storage;
  private final ObjectStore store;
  private final Path work;
  private final String prefix;
  private final PrintWriter out;
  private final PrintWriter err;

  public LocalTaskRun(TaskSpec task, StorageConfig storage, ObjectStore store, Path work, String prefix,
      PrintWriter out, PrintWriter err) {
    this.task = task;
    this.storage = storage;
    this.store = store;
    this.work = work;
    this.prefix = prefix != null ? prefix : defaultPrefix(task, storage, store.scheme());
    this.out = out;
    this.err = err;
  }

  /** {@code <scheme>://<container or copilot-runs>/copilot-runs/<task>-<time>} on the primary store. */
  static String defaultPrefix(TaskSpec task, StorageConfig storage, String scheme) {
    String container = storage.container().isEmpty() ? "copilot-runs" : storage.container() + "/copilot-runs";
    String id = task.name().replaceAll("[^A-Za-z0-9_.-]", "-") + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    return scheme + "://" + container + "/" + id;
  }

  /** What a run produced. */
  public record Result(int exitCode, int commandExitCode, String prefix, Map<String, LiteralType> types,
      LiteralMap outputs, String error) {

    public String toTable() {
      StringBuilder b = new StringBuilder();
      if (error != null) {
        b.append("task failed: ").append(error).append(System.lineSeparator());
        return b.toString();
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"output", "type", "value"});
      for (String name : new TreeSet<>(outputs.getLiteralsMap().keySet())) {
        LiteralType t = types.get(name);
        rows.add(new String[] {name, t == null ? "?" : TypeSpecs.describe(t),
            LiteralText.display(outputs.getLiteralsMap().get(name))});
      }
      int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
      int w1 = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
      for (String[] r : rows) {
        b.append(String.format("%-" + w0 + "s  %-" + w1 + "s  %s", r[0], r[1], r[2]).stripTrailing())
            .append(System.lineSeparator());
      }
      b.append(System.lineSeparator()).append("outputs.pb:  ").append(DataReference.construct(prefix, "outputs",
          "outputs.pb")).append(System.lineSeparator());
      return b.toString();
    }

    public String toJson() {
      StringBuilder b = new StringBuilder("{\"exit_code\":").append(exitCode)
          .append(",\"command_exit_code\":").append(commandExitCode)
          .append(",\"prefix\":").append(GoJson.quote(prefix));
      if (error != null) {
        b.append(",\"error\":").append(GoJson.quote(error));
      } else {
        b.append(",\"outputs\":{");
        boolean first = true;
        for (String name : new TreeSet<>(outputs.getLiteralsMap().keySet())) {
          b.append(first ? "" : ",").append(GoJson.quote(name)).append(':')
              .append(LiteralText.json(outputs.getLiteralsMap().get(name)));
          first = false;
        }
        b.append('}');
      }
      return b.append('}').toString();
    }
  }

  public Result run(Map<String, JsonNode> values, Map<String, String> texts) throws IOException {
    MetadataFormat format = Choices.parse(MetadataFormat.class, task.metadataFormat(), "metadata_format");
    FileInputLayout layout = Choices.parse(FileInputLayout.class, task.fileInputLayout(), "file_input_layout");
    String inputsRef = DataReference.construct(prefix, "inputs", "inputs.pb");
    LiteralMap inputMap = buildInputs(values, texts);
    store.write(DataReference.parse(inputsRef), inputMap.toByteArray());
    status("inputs written to " + inputsRef);

    Path inDir = Files.createDirectories(work.resolve("inputs"));
    Path outDir = Files.createDirectories(work.resolve("outputs"));
    new Downloader(store).download(DownloadRequest.of(inputsRef, inDir.toString())
        .withFormat(format).withLayout(layout));
    status("download step: inputs materialised in " + inDir);

    List<String> command = CommandTemplates.render(task.command(), inputMap.getLiteralsMap(), LiteralText::template,
        Map.of(task.inputDataDir(), inDir.toString(), task.outputDataDir(), outDir.toString()));
    status("running " + command.get(0) + " (" + command.size() + " arguments) in " + work);
    int commandExit = runCommand(command);
    status("command exited with code " + commandExit);

    String outputPrefix = DataReference.construct(prefix, "outputs");
    String raw = DataReference.construct(prefix, "raw");
    UploadRequest request = UploadRequest.of(outputPrefix, raw, outDir, task.typedInterface()).withFormat(format);
    int sidecarExit;
    if (task.outputs().isEmpty()) {
      sidecarExit = 0;
    } else {
      sidecarExit = new Sidecar(new StatusListener()).run(new SidecarInput.Valid(request, NoopWatcher.TYPE),
          new NoopWatcher(), () -> Stores.open(storage));
    }
    if (sidecarExit != 0 || task.outputs().isEmpty()) {
      String error = null;
      if (sidecarExit != 0) {
        error = readError(outputPrefix);
      }
      return new Result(sidecarExit != 0 ? sidecarExit : commandExit, commandExit, prefix, task.outputs(),
          LiteralMap.getDefaultInstance(), error);
    }
    LiteralMap outputs = LiteralMap.parseFrom(store.readAllBytes(
        DataReference.parse(DataReference.construct(outputPrefix, "outputs.pb"))));
    return new Result(commandExit, commandExit, prefix, task.outputs(), outputs, null);
  }

  private String readError(String outputPrefix) {
    try {
      byte[] doc = store.readAllBytes(DataReference.parse(
          DataReference.construct(outputPrefix, ErrorDocuments.DEFAULT_NAME)));
      return ErrorDocument.parseFrom(doc).getError().getMessage();
    } catch (IOException | RuntimeException e) {
      return "the sidecar step failed and left no error document";
    }
  }

  private LiteralMap buildInputs(Map<String, JsonNode> values, Map<String, String> texts) {
    for (String name : texts.keySet()) {
      if (!task.inputs().containsKey(name)) {
        throw new IllegalArgumentException("--input " + name + ": the task has no input named \"" + name
            + "\" (inputs: " + task.inputs().keySet() + ")");
      }
    }
    LiteralValues converter = new LiteralValues(this::storeBlob, task.baseDir());
    Map<String, Literal> literals = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    task.inputs().forEach((name, type) -> {
      if (texts.containsKey(name)) {
        literals.put(name, converter.fromText(name, texts.get(name), type));
      } else if (values.containsKey(name)) {
        literals.put(name, converter.from(name, values.get(name), type));
      } else if (task.defaults().containsKey(name)) {
        literals.put(name, converter.from(name, task.defaults().get(name), type));
      } else if (type.hasUnionType()) {
        literals.put(name, converter.from(name, null, type));
      } else {
        missing.add(name + " (" + TypeSpecs.describe(type) + ")");
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
        throw new IllegalArgumentException("input \"" + variable + "\": cannot read " + local + ": " + e.getMessage());
      }
      return base;
    }
    throw new IllegalArgumentException("input \"" + variable + "\": " + local + " is not a file or directory");
  }

  private int runCommand(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).directory(work.toFile()).start();
    p.getOutputStream().close();
    Thread o = pump(p.getInputStream(), out);
    Thread e = pump(p.getErrorStream(), err);
    try {
      int code = p.waitFor();
      o.join();
      e.join();
      return code;
    } catch (InterruptedException ex) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the command ran", ex);
    }
  }

  private static Thread pump(InputStream in, PrintWriter to) {
    Thread t = new Thread(() -> {
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        char[] buf = new char[8192];
        for (int n; (n = r.read(buf)) > 0; ) {
          synchronized (to) {
            to.write(buf, 0, n);
            to.flush();
          }
        }
      } catch (IOException ignored) {
        // the child closed its end
      }
    }, "copilot-run-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void status(String message) {
    synchronized (err) {
      err.println("copilot run: " + message);
      err.flush();
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
