package org.flyte.copilot.download;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.flyte.copilot.core.transfer.Retrying;
import org.flyte.copilot.core.format.YamlWriter;
import org.flyte.copilot.core.literal.LiteralJson;
import org.flyte.copilot.core.iostrategy.DownloadMode;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.InvalidReferenceException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.status.StatusObserver;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.transfer.Deadline;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.core.transfer.TransferTimeoutException;

/**
 * Init-mode downloader: materialises every input literal of a task under a local directory, byte
 * for byte as Flyte's Go copilot does (docs/compatibility.md, "Download"), plus {@code inputs.pb} and
 * {@code inputs.json}/{@code inputs.yaml}. Thread-safe; one instance may serve several downloads.
 *
 * <p>API, as the CLI uses it:
 *
 * <ol>
 *   <li>{@link DownloadRequest#fromFlags} validates the flag values with the messages of §1.6;
 *   <li>{@link #download(DownloadRequest)} runs the download and returns a {@link DownloadResult};
 *   <li>any failure, including a bad flag, is a {@link DownloadException} whose message names the
 *       variable, the remote reference and the cause; the CLI turns it into the {@code InputDownloadFailed}
 *       document with {@code ErrorDocuments.of} (docs/error-model.md).
 * </ol>
 *
 * <p>Sequence: read and parse the input map; plan everything (names are checked, offloaded literals
 * resolved, nothing written yet); create directories and small files; copy remote objects with at
 * most {@code concurrency} transfers, each under a temporary name then renamed; finally write the
 * metadata files. The whole run is bounded by the request's timeout. Where this differs from Go on
 * purpose: an empty map succeeds (D4), names that would leave the directory fail (D12), multipart
 * listings use {@code prefix/} and an empty one makes an empty directory (D8), download modes are
 * honoured (D13), structured datasets and offloaded literals inside collections and unions are
 * supported, and NaN/Inf floats do not break the metadata files.
 */
public final class Downloader {
  private static final Logger LOG = System.getLogger(Downloader.class.getName());
  static final String INPUTS_PB = "inputs.pb";

  private final ObjectStore store;
  private final Duration progressInterval;
  private final StatusObserver status;

  public Downloader(ObjectStore store) {
    this(store, StatusObserver.NONE);
  }

  /** A downloader whose transfers are also reported to {@code status} (the status service). */
  public Downloader(ObjectStore store, StatusObserver status) {
    this(store, TransferProgress.DEFAULT_INTERVAL, status);
  }

  /** For tests: how often progress is logged. */
  Downloader(ObjectStore store, Duration progressInterval) {
    this(store, progressInterval, StatusObserver.NONE);
  }

  private Downloader(ObjectStore store, Duration progressInterval, StatusObserver status) {
    this.store = store;
    this.progressInterval = progressInterval;
    this.status = status;
  }

  /**
   * Runs the download.
   *
   * @throws DownloadException on any failure; files already written stay, none under a final name is partial
   */
  public DownloadResult download(DownloadRequest request) {
    return download(request, Deadline.after(request.timeout()));
  }

  /**
   * Runs the download within {@code deadline} (made from the request's timeout when the command
   * started, so that time spent opening the store counts too).
   *
   * @throws DownloadException on any failure; files already written stay, none under a final name is partial
   */
  public DownloadResult download(DownloadRequest request, Deadline deadline) {
    long start = System.nanoTime();
    ExecutorService coordinator = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "copilot-download");
      t.setDaemon(true);
      return t;
    });
    AtomicReference<InputTransfers> engine = new AtomicReference<>();
    try {
      Future<DownloadResult> run = coordinator.submit(() -> run(request, engine, start, deadline));
      try {
        if (!deadline.bounded()) {
          return run.get();
        }
        return run.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        InputTransfers en = engine.get();
        String doing = en == null ? "" : en.describeInFlight();
        cancel(run, en);
        throw timedOut(request, deadline, doing, e);
      } catch (InterruptedException e) {
        cancel(run, engine.get());
        Thread.currentThread().interrupt();
        throw DownloadException.failed(null, request.fromRemote(), "download of " + request.fromRemote()
            + " was interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DownloadException d) {
          throw d;
        }
        if (cause instanceof TransferTimeoutException t) {
          throw timedOut(request, deadline, InputTransfers.describe(t.inFlight()), t);
        }
        throw DownloadException.failed(null, request.fromRemote(), "download of " + request.fromRemote()
            + " failed: " + Messages.of(cause), cause);
      }
    } finally {
      coordinator.shutdownNow();
    }
  }

  private static DownloadException timedOut(DownloadRequest request, Deadline deadline, String doing, Throwable cause) {
    return DownloadException.failed(null, request.fromRemote(), "download of " + request.fromRemote()
        + " did not finish within " + GoDurations.format(deadline.timeout().toNanos())
        + (doing.isEmpty() ? "" : "; still transferring " + doing), cause);
  }

  private static void cancel(Future<?> run, InputTransfers engine) {
    if (engine != null) {
      engine.cancel();
    }
    run.cancel(true);
  }

  private DownloadResult run(DownloadRequest request, AtomicReference<InputTransfers> engineRef, long start,
      Deadline deadline) throws InterruptedException {
    if (request.mode() == DownloadMode.DOWNLOAD_STREAM) {
      LOG.log(Level.WARNING, "download mode DOWNLOAD_STREAM needs a downloader running beside the task; "
          + "downloading eagerly instead");
    }
    LocalFiles files = new LocalFiles(Path.of(request.toLocalDir()));
    try {
      files.createRoot();
    } catch (IOException e) {
      throw DownloadException.failed(null, null, "cannot create the input directory " + request.toLocalDir()
          + ": " + Messages.of(e), e);
    }
    try {
      return runIn(files, request, engineRef, start, deadline);
    } finally {
      files.removeWork(); // success or not, the task never sees copilot's work folder
    }
  }

  private DownloadResult runIn(LocalFiles files, DownloadRequest request, AtomicReference<InputTransfers> engineRef,
      long start, Deadline deadline) throws InterruptedException {
    try {
      long[] stale = files.removeStaleTemporaries();
      if (stale[0] > 0) {
        LOG.log(Level.INFO, "removed {0} temporary files ({1}) left in {2} by an earlier, interrupted download",
            stale[0], TransferProgress.human(stale[1]), request.toLocalDir());
      }
    } catch (IOException e) {
      throw DownloadException.failed(null, null, "cannot clean up the input directory " + request.toLocalDir()
          + ": " + Messages.of(e), e);
    }
    LiteralMap inputs = readInputs(request.fromRemote());
    LOG.log(Level.INFO, "downloading {0} inputs from {1} to {2}", inputs.getLiteralsCount(), request.fromRemote(),
        request.toLocalDir());
    warnAboutMissingInputs(request, inputs);

    InputPaths paths = new InputPaths(request.toLocalDir(), files.root());
    LiteralPlanner planner = new LiteralPlanner(store, paths, request.mode(), request.layout());
    LiteralMap rewritten = planner.rewrite(inputs);

    long[] filesWritten = {0};
    AtomicReference<InputTransfers> live = engineRef;
    try (TransferProgress progress = TransferProgress.builder()
            .interval(progressInterval)
            .inFlightFiles(() -> live.get() == null ? 0 : live.get().inFlightCount())
            .start(s -> LOG.log(Level.INFO, s.describe("download")));
        InputTransfers e = new InputTransfers(store, files, request.concurrency(), deadline, progress, status)) {
      live.set(e);
      planner.materialise(inputs, new LiteralPlanner.Sink() {
        @Override
        public void directory(String variable, LocalPath p) {
          e.ensureDirectory(variable, p);
        }

        @Override
        public void file(String variable, LocalPath p, java.util.function.Supplier<byte[]> content) {
          write(files, variable, p, out -> out.write(content.get()));
          filesWritten[0]++;
        }

        @Override
        public void object(String variable, String uri, DataReference ref, LocalPath p) throws InterruptedException {
          boolean http = ref.scheme().equals("http") || ref.scheme().equals("https");
          e.submitObject(variable, uri, ref, p, !http);
        }

        @Override
        public void prefix(Plan.PrefixCopy copy) throws InterruptedException {
          e.ensureDirectory(copy.variable(), copy.target());
          e.submitPrefix(copy, paths);
        }
      });
      e.awaitAll();
      filesWritten[0] += e.filesDone();
      filesWritten[0] += writeMetadata(files, paths, request.format(), rewritten);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      int retries = e.retries();
      LOG.log(Level.INFO, "downloaded {0} inputs: {1} objects ({2}) in {3}{4}", inputs.getLiteralsCount(),
          e.filesDone(), TransferProgress.human(e.bytesDone()), GoDurations.format(elapsed.toNanos()),
          retries == 0 ? "" : ", " + retries + (retries == 1 ? " retry" : " retries"));
      return new DownloadResult(inputs.getLiteralsCount(), filesWritten[0], e.filesDone(), e.bytesDone(), elapsed);
    }
  }

  private LiteralMap readInputs(String fromRemote) {
    DataReference ref;
    try {
      ref = DataReference.parse(fromRemote);
    } catch (InvalidReferenceException e) {
      throw DownloadException.invalid(null, fromRemote, "the input map reference " + fromRemote
          + " is not a valid reference: " + e.getMessage());
    }
    byte[] bytes;
    try {
      bytes = Retrying.readAllBytes(store, ref);
    } catch (StorageException e) {
      throw DownloadException.failed(null, fromRemote, "cannot read the input map " + fromRemote + ": "
          + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      // the one allocation that failed is gone again: say what is wrong instead of dying of it
      throw DownloadException.invalid(null, fromRemote, "the input map " + fromRemote + " is too large to read: "
          + Messages.of(e));
    }
    try {
      return LiteralMap.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw DownloadException.invalid(null, fromRemote, "the input map " + fromRemote + " (" + bytes.length
          + " bytes) is not a valid LiteralMap: " + ProtoProblems.describe(e));
    } catch (OutOfMemoryError e) {
      int size = bytes.length;
      bytes = null;
      throw DownloadException.invalid(null, fromRemote, "the input map " + fromRemote + " (" + size
          + " bytes) is too large to parse: " + Messages.of(e));
    }
  }

  private static void warnAboutMissingInputs(DownloadRequest request, LiteralMap inputs) {
    request.inputInterface().ifPresent(iface -> {
      List<String> missing = new ArrayList<>();
      for (String name : iface.getVariablesMap().keySet()) {
        if (!inputs.containsLiterals(name)) {
          missing.add(name);
        }
      }
      if (!missing.isEmpty()) {
        missing.sort(null);
        LOG.log(Level.WARNING, "the input interface declares {0} but {1} has no value for them", missing,
            request.fromRemote());
      }
    });
  }

  private static void write(LocalFiles files, String variable, LocalPath target, LocalFiles.Content content) {
    try {
      files.writeAtomically(target.path(), content);
    } catch (IOException e) {
      throw DownloadException.failed(variable, null, DownloadException.about(variable) + "cannot write "
          + target.text() + ": " + Messages.of(e), e);
    }
  }

  /**
   * inputs.pb always; inputs.json or inputs.yaml per the format (§2.7), each streamed to its file, the
   * metadata value built one variable at a time. Returns the number of files.
   */
  private static int writeMetadata(LocalFiles files, InputPaths paths, MetadataFormat format, LiteralMap inputs) {
    LocalPath root = paths.root();
    write(files, null, child(root, INPUTS_PB), inputs::writeTo);
    if (format == MetadataFormat.PROTO) {
      return 1;
    }
    Map<String, Literal> variables = inputs.getLiteralsMap();
    String name = "inputs." + format.extension();
    if (format == MetadataFormat.JSON) {
      write(files, null, child(root, name), out -> {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        LiteralJson.writeDocument(w, variables);
        w.flush();
      });
    } else {
      write(files, null, child(root, name), out -> YamlWriter.writeMapping(out, variables.keySet(),
          variable -> LiteralJson.of(variables.get(variable), variable)));
    }
    return 2;
  }

  private static LocalPath child(LocalPath root, String name) {
    return new LocalPath(GoPaths.join(root.text(), name), root.path().resolve(name));
  }
}
