package org.flyte.copilot.upload.lifecycle;

import org.flyte.copilot.upload.Fixture;
import org.flyte.copilot.upload.FixtureTestBase;
import org.flyte.copilot.upload.UploadRequest;
import org.flyte.copilot.upload.transfer.UploadListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flyte.copilot.upload.Fixture.DIR;
import static org.flyte.copilot.upload.Fixture.FILE;
import static org.flyte.copilot.upload.Fixture.INT;
import static org.flyte.copilot.upload.Fixture.outputs;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Interface.TypedInterface;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.flyte.copilot.core.config.ConfigException;
import org.flyte.copilot.core.iostrategy.UploadMode;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.testing.ForwardingStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.storage.TransientStorageException;
import org.flyte.copilot.upload.watch.ContainerWatcher;
import org.flyte.copilot.upload.watch.FileWatcher;
import org.flyte.copilot.upload.watch.NoopWatcher;
import org.flyte.copilot.upload.watch.SignalWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SidecarTest extends FixtureTestBase {
  final List<String> log = new CopyOnWriteArrayList<>();
  final UploadListener listener = new UploadListener() {
    @Override
    public void info(String message) {
      log.add("info: " + message);
    }

    @Override
    public void warn(String message) {
      log.add("warn: " + message);
    }

    @Override
    public void error(String message) {
      log.add("error: " + message);
    }
  };

  /** The main container's exit signal: a test fires it with {@code term.trigger()}. */
  final SignalWatcher term = SignalWatcher.detached();

  private SidecarArgs args(TypedInterface iface) {
    return new SidecarArgs().toOutputPrefix(Fixture.OUT).toRawOutput(Fixture.RAW).fromLocalDir(f.outDir.toString())
        .interfaceBase64(Base64.getEncoder().encodeToString(iface.toByteArray()));
  }

  /** Arguments for an interface with the one integer output "n". */
  private SidecarArgs argsWithIntegerN() {
    return args(outputs("n", INT));
  }

  /** The integer stored for output "n". */
  private long storedN() {
    return f.outputs().getLiteralsOrThrow("n").getScalar().getPrimitive().getInteger();
  }

  private CompletableFuture<Integer> start(SidecarArgs args) {
    return CompletableFuture.supplyAsync(() -> new Sidecar(listener).run(args, term, () -> f.store));
  }

  private CompletableFuture<Integer> start(SidecarInput input, ContainerWatcher watcher, Sidecar.StoreFactory stores) {
    return CompletableFuture.supplyAsync(() -> new Sidecar(listener).run(input, watcher, stores));
  }

  /** Starts an UPLOAD_EAGER upload that counts a blob complete after {@code quiet}, looking every {@code poll}. */
  private CompletableFuture<Integer> startEager(TypedInterface iface, Duration quiet, Duration poll) {
    UploadRequest request = f.request(iface).with(r -> {
      r.uploadMode = UploadMode.UPLOAD_EAGER;
      r.eagerQuietPeriod = quiet;
      r.eagerPollInterval = poll;
    });
    return start(new SidecarInput.Valid(request, SignalWatcher.TYPE), term, () -> f.store);
  }

  private static void assertStillWaiting(CompletableFuture<Integer> run) throws InterruptedException {
    Thread.sleep(200);
    assertThat(run).isNotDone();
  }

  @Test
  void noInterface_exitsZeroAtOnceWithoutWaiting() {
    SignalWatcher never = SignalWatcher.detached();
    int code = new Sidecar(listener).run(new SidecarArgs().toOutputPrefix(Fixture.OUT), never, () -> f.store);
    assertThat(code).isZero();
    assertThat(log).contains("info: No output interface provided. Assuming Void outputs.");
  }

  @Test
  void interfaceWithoutOutputs_exitsZeroAtOnce() {
    int code = new Sidecar(listener).run(args(TypedInterface.getDefaultInstance()).format("XML"),
        SignalWatcher.detached(), () -> f.store);
    assertThat(code).isZero();
  }

  @Test
  void success_waitsForTheSignal_thenWritesOutputs() throws Exception {
    CompletableFuture<Integer> run = start(argsWithIntegerN());
    assertStillWaiting(run);
    f.write("n", "9");
    assertThat(f.hasOutputs()).isFalse();
    term.trigger();
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_OK);
    assertThat(storedN()).isEqualTo(9);
  }

  @Test
  void badFlags_areRecordedAndReportedOnlyAfterTheSignal() throws Exception {
    CompletableFuture<Integer> run = start(argsWithIntegerN().format("XML")
        .uploadMode("FAST").timeout("1 hour").startWatcherType("kube-api"));
    assertStillWaiting(run);
    assertThat(Files.exists(f.storeRoot.resolve("bucket/out/error.pb"))).isFalse();
    term.trigger();
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_FAILED);
    ErrorDocument doc = f.errorDocument();
    assertThat(doc.getError().getCode()).isEqualTo("OutputUploadFailed");
    assertThat(doc.getError().getKind()).isEqualTo(ContainerError.Kind.RECOVERABLE);
    assertThat(doc.getError().getMessage()).isEqualTo(
        "incorrect input data format specified, given [XML], possible values [JSON YAML PROTO]; "
            + "incorrect input upload mode specified, given [FAST], possible values [UPLOAD_ON_EXIT UPLOAD_EAGER DO_NOT_UPLOAD]; "
            + "--start-watcher-type: unsupported watcher type [kube-api], allowed values: signal, noop, file; "
            + "invalid --timeout \"1 hour\": time: unknown unit \" hour\" in duration \"1 hour\"");
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void badInterface_isReportedAfterTheSignal() throws Exception {
    CompletableFuture<Integer> run = start(args(outputs()).interfaceBase64("not base64!"));
    assertStillWaiting(run);
    term.trigger();
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_FAILED);
    assertThat(f.errorDocument().getError().getMessage()).startsWith("Bad interface passed, --interface is not valid base64");
  }

  @Test
  void missingOutput_writesTheErrorDocumentAndExitsNonZero() {
    SidecarInput input = argsWithIntegerN().validate();
    int code = new Sidecar(listener).run(input, new NoopWatcher(), () -> f.store);
    assertThat(code).isEqualTo(Sidecar.EXIT_FAILED);
    assertThat(f.errorDocument()).isEqualTo(ErrorDocument.newBuilder().setError(ContainerError.newBuilder()
        .setCode("OutputUploadFailed").setKind(ContainerError.Kind.RECOVERABLE)
        .setMessage("output \"n\": no file or directory at " + f.outDir.resolve("n") + " (nor a single "
            + f.outDir.resolve("n") + ".<ext>); the task must write every declared output")).build());
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void errorFile_becomesTheErrorDocument() {
    f.write("_ERROR", "bad input row 7");
    int code = new Sidecar(listener).run(argsWithIntegerN().errOutputName("errors.pb").validate(),
        new NoopWatcher(), () -> f.store);
    assertThat(code).isEqualTo(Sidecar.EXIT_FAILED);
    assertThat(new String(f.store.readAllBytes(DataReference.parse(Fixture.OUT + "/errors.pb")))).contains("User Error: bad input row 7");
  }

  @Test
  void storeThatNeverOpens_isRetriedWithinTheTimeout_thenExitsWithoutAnErrorDocument() {
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    f.write("n", "1");
    SidecarInput input = new SidecarInput.Valid(
        f.request(outputs("n", INT)).with(r -> r.timeout = Duration.ofSeconds(2)), "noop");
    DataReference bucket = DataReference.parse("s3://bucket");
    int code = new Sidecar(listener).run(input, new NoopWatcher(), () -> {
      opens.incrementAndGet();
      throw new TransientStorageException("open bucket", bucket, "503 SlowDown", null);
    });
    assertThat(code).isEqualTo(Sidecar.EXIT_NO_ERROR_DOCUMENT);
    assertThat(opens.get()).as("the open after the signal, then retries").isGreaterThanOrEqualTo(3);
    assertThat(log).contains("warn: cannot open the object store: open bucket s3://bucket/: 503 SlowDown (attempt 1);"
        + " trying again");
    assertThat(log).contains("error: cannot open the object store: open bucket s3://bucket/: 503 SlowDown (gave up"
        + " after " + opens.get() + " attempts)");
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void storeWithABadConfig_isReportedAtStart_neverOpened_andTheSidecarEndsRightAfterTheSignal() throws Exception {
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    f.write("n", "1");
    // no --timeout: the old code retried for minutes, past any grace period
    SidecarInput input = argsWithIntegerN().validate();
    Sidecar.StoreFactory badConfig = new Sidecar.StoreFactory() {
      @Override
      public ObjectStore open() {
        opens.incrementAndGet();
        throw new ConfigException("storage.type", "unsupported storage type [s4]");
      }

      @Override
      public void check() {
        checks.incrementAndGet();
        throw new ConfigException("storage.type", "unsupported storage type [s4]");
      }
    };
    CompletableFuture<Integer> run = start(input, term, badConfig);
    assertStillWaiting(run);
    assertThat(checks.get()).isEqualTo(1);
    term.trigger();
    assertThat(run.get(10, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_NO_ERROR_DOCUMENT);
    assertThat(opens.get()).isZero();
    assertThat(log).contains("warn: cannot open the object store: storage.type: unsupported storage type [s4]; not"
        + " retried (not a transient failure), reported after the main container exits");
    assertThat(log).contains("error: the error document cannot be written: cannot open the object store:"
        + " storage.type: unsupported storage type [s4]");
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void storeThatTurnsOutMissing_isNotRetriedFurther() {
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    DataReference bucket = DataReference.parse("s3://bucket");
    SidecarInput input = new SidecarInput.Valid(
        f.request(outputs("n", INT)).with(r -> r.timeout = Duration.ofHours(1)), "noop");
    int code = new Sidecar(listener).run(input, new NoopWatcher(), () -> {
      if (opens.incrementAndGet() == 1) {
        throw new UncheckedIOException(new java.net.ConnectException("Connection refused"));
      }
      throw new StorageException("open bucket", bucket, "bucket bucket does not exist");
    });
    assertThat(code).isEqualTo(Sidecar.EXIT_NO_ERROR_DOCUMENT);
    assertThat(opens.get()).isEqualTo(2);
    assertThat(log).contains("error: cannot open the object store: open bucket s3://bucket/: bucket bucket does not"
        + " exist (attempt 2; not a transient failure, not retried)");
  }

  @Test
  void retryable_onlyForTransientFailures() {
    DataReference bucket = DataReference.parse("s3://bucket");
    assertThat(Sidecar.retryable(new TransientStorageException("open bucket", bucket, "503", null))).isTrue();
    assertThat(Sidecar.retryable(new RuntimeException(new java.net.ConnectException("refused")))).isTrue();
    assertThat(Sidecar.retryable(new UncheckedIOException(new SocketTimeoutException("connect timed out")))).isTrue();
    assertThat(Sidecar.retryable(new ConfigException("storage.stow.config.region", "missing"))).isFalse();
    assertThat(Sidecar.retryable(new ConfigException("storage.stow", "bad",
        new SocketTimeoutException("read timed out")))).isFalse();
    assertThat(Sidecar.retryable(new StorageException("open bucket", bucket, "403 AccessDenied"))).isFalse();
    assertThat(Sidecar.retryable(new StorageException("open bucket", bucket, "bucket bucket does not exist"))).isFalse();
    assertThat(Sidecar.retryable(new IllegalStateException("no credentials"))).isFalse();
  }

  @Test
  void storeIsOpenedOnlyAfterTheSignal_andATransientFailureIsRetried() throws Exception {
    java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
    SidecarInput input = argsWithIntegerN().validate();
    CompletableFuture<Integer> run = start(input, term, () -> {
      if (opens.incrementAndGet() == 1) {
        throw new IllegalStateException("credentials", new SocketTimeoutException("connect timed out (IRSA not ready)"));
      }
      return f.store;
    });
    assertStillWaiting(run);
    assertThat(opens.get()).as("no client is opened while waiting for the signal").isZero();
    f.write("n", "42");
    term.trigger();
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_OK);
    assertThat(opens.get()).isEqualTo(2);
    assertThat(storedN()).isEqualTo(42);
    assertThat(log).contains("info: opened the object store (attempt 2)");
  }

  @Test
  void fileWatcher_waitsForSuccessMarker() throws Exception {
    SidecarInput input = argsWithIntegerN().validate();
    FileWatcher watcher = new FileWatcher(f.outDir, Duration.ofMillis(20), null);
    CompletableFuture<Integer> run = start(input, watcher, () -> f.store);
    assertStillWaiting(run);
    f.write("n", "4");
    assertStillWaiting(run);
    f.write("_SUCCESS", "");
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_OK);
    assertThat(storedN()).isEqualTo(4);
  }

  @Test
  void fileWatcherChosenByFlag_endsAtErrorMarker() throws Exception {
    CompletableFuture<Integer> run = start(argsWithIntegerN().startWatcherType("signal")
        .exitWatcherType("file"));
    assertStillWaiting(run);
    // created with its content at once: the watcher may otherwise find the marker still empty
    Path staged = Files.writeString(temp.resolve("staged-error"), "oom");
    Files.move(staged, f.outDir.resolve("_ERROR"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_FAILED);
    assertThat(f.errorDocument().getError().getMessage()).isEqualTo("User Error: oom");
  }

  @Test
  void timeout_failsWithoutOutputs() {
    f.write("f", "data");
    ObjectStore slow = new SlowStore(f.store);
    SidecarInput input = new SidecarInput.Valid(
        f.request(outputs("f", FILE)).with(r -> r.timeout = Duration.ofMillis(300)), "noop");
    int code = new Sidecar(listener).run(input, new NoopWatcher(), () -> slow);
    assertThat(code).isEqualTo(Sidecar.EXIT_FAILED);
    assertThat(f.errorDocument().getError().getMessage())
        .isEqualTo("the upload did not finish within the timeout of 300ms (--timeout); no outputs.pb was written");
    assertThat(f.hasOutputs()).isFalse();
  }

  @Test
  void eager_uploadsCompleteBlobsBeforeTheSignal_andOnlyChangesAfterIt() throws Exception {
    TypedInterface iface = outputs("model", FILE, "dir", DIR,
        "late", FILE, "n", INT);
    CompletableFuture<Integer> run = startEager(iface, Duration.ofMillis(300), Duration.ofMillis(25));

    f.write("model", "weights-v1");
    // the marker first, then the whole directory at once (a rename): a slow scheduler cannot let the
    // poller see dir with only a.txt and upload it for being quiet rather than marked
    f.write("_DONE_dir", "");
    Path staged = Files.createDirectories(temp.resolve("staged-dir"));
    Files.writeString(staged.resolve("a.txt"), "A");
    Files.writeString(staged.resolve("b.txt"), "B");
    Files.move(staged, f.outDir.resolve("dir"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    waitFor(() -> exists(Fixture.RAW + "/model") && exists(Fixture.RAW + "/dir/b.txt"));
    assertThat(f.raw("model")).isEqualTo("weights-v1");
    assertThat(f.hasOutputs()).isFalse();

    // after the early upload the task still changes things: they must be reflected at exit
    Files.delete(f.outDir.resolve("dir/b.txt"));
    f.write("dir/c.txt", "C");
    f.write("late", "late");
    f.write("n", "1");
    term.trigger();
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_OK);
    assertThat(f.raw("model")).isEqualTo("weights-v1");
    assertThat(f.raw("dir/a.txt")).isEqualTo("A");
    assertThat(f.raw("dir/c.txt")).isEqualTo("C");
    assertThat(exists(Fixture.RAW + "/dir/b.txt")).isFalse();
    assertThat(f.raw("late")).isEqualTo("late");
    assertThat(f.outputs().getLiteralsOrThrow("dir").getScalar().getBlob().getUri()).isEqualTo(Fixture.RAW + "/dir");
    assertThat(log).anyMatch(l -> l.contains("uploaded output \"model\" early"));
    assertThat(log).anyMatch(l -> l.contains("uploaded output \"dir\" early (2 files) because it is marked done"));
    // dir may be uploaded early a second time (its _DONE_ marker is still there when c.txt appears)
    // or at exit: either way the four files of the final outputs are accounted for exactly once
    java.util.regex.Pattern counts = java.util.regex.Pattern.compile("\\((\\d+) files? uploaded now, (\\d+) already uploaded\\)");
    assertThat(log).anySatisfy(l -> {
      java.util.regex.Matcher m = counts.matcher(l);
      assertThat(m.find()).isTrue();
      assertThat(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2))).isEqualTo(4);
    });
  }

  @Test
  void eager_fileRewrittenAfterEarlyUpload_isUploadedAgain() throws Exception {
    TypedInterface iface = outputs("model", FILE);
    CompletableFuture<Integer> run = startEager(iface, Duration.ofMillis(100), Duration.ofMillis(20));
    f.write("model", "v1");
    waitFor(() -> exists(Fixture.RAW + "/model"));
    f.write("model", "version-2");
    term.trigger();
    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(Sidecar.EXIT_OK);
    assertThat(f.raw("model")).isEqualTo("version-2");
  }

  private boolean exists(String ref) {
    return f.store.head(DataReference.parse(ref)).isPresent();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 20s");
      }
      Thread.sleep(20);
    }
  }

  /** Delegates to a real store but never finishes writing raw data until interrupted. */
  private static final class SlowStore extends ForwardingStore {
    SlowStore(ObjectStore delegate) {
      super(delegate);
    }





    @Override
    public void write(DataReference ref, Path file) {
      stallOnRawData(ref);
      delegate.write(ref, file);
    }

    @Override
    public void write(DataReference ref, InputStream in, long size) {
      stallOnRawData(ref);
      delegate.write(ref, in, size);
    }

    private static void stallOnRawData(DataReference ref) {
      if (ref.key().startsWith("raw/")) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          throw new IllegalStateException("interrupted");
        }
      }
    }


  }
}
