package org.flyte.copilot.download;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.transfer.TransferProgress;

/**
 * Copies remote objects to local files with at most {@code concurrency} transfers at a time. The
 * caller feeds it (prefix listings are consumed lazily, page by page, as transfers finish); the first
 * failure cancels everything still queued or running and is the one reported, later failures are
 * attached as suppressed exceptions. Each object lands under a temporary name, its length is checked
 * against what the store announced, then it is renamed into place.
 */
final class TransferEngine implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ObjectStore store;
  private final LocalFiles files;
  private final int concurrency;
  private final ExecutorService pool;
  private final Semaphore window;
  private final AtomicReference<DownloadException> failure = new AtomicReference<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final TransferProgress progress;
  /** Transfers in flight: temporary file to a description, for progress and the timeout message. */
  private final Map<Path, String> inFlight = new ConcurrentHashMap<>();

  TransferEngine(ObjectStore store, LocalFiles files, int concurrency, TransferProgress progress) {
    this.store = store;
    this.files = files;
    this.concurrency = concurrency;
    this.progress = progress;
    this.window = new Semaphore(concurrency * 2);
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, "copilot-transfer-" + id + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(concurrency, tf);
  }

  /** Queues the copy of one object; blocks while the window of queued transfers is full. */
  void submitObject(String variable, String uri, DataReference ref, LocalPath target, boolean lookUpFirst)
      throws InterruptedException {
    submit(() -> copy(variable, uri, ref, target, -1, lookUpFirst));
  }

  /**
   * Lists every object below {@code ref/} and queues its copy into {@code dir}, keeping nested
   * paths; an empty listing leaves an empty directory (D8). Keys outside the prefix are an error.
   */
  void submitPrefix(Plan.PrefixCopy p, InputPaths paths) throws InterruptedException {
    String prefix = p.ref().keyPrefix();
    progress.listingStarted();
    try (Stream<ObjectInfo> listing = store.list(p.ref())) {
      Iterator<ObjectInfo> it = listing.iterator();
      while (true) {
        ObjectInfo o;
        try {
          if (!it.hasNext()) {
            break;
          }
          o = it.next();
        } catch (StorageException | UncheckedIOException e) {
          throw DownloadException.failed(p.variable(), p.uri(), DownloadException.about(p.variable())
              + "cannot list " + p.uri() + "/: " + e.getMessage(), e);
        }
        checkFailure();
        String key = o.reference().key();
        String objectRef = o.reference().toString();
        if (!key.startsWith(prefix)) {
          throw DownloadException.invalid(p.variable(), p.uri(), DownloadException.about(p.variable())
              + "listing " + p.uri() + "/ returned " + objectRef + ", which is outside the prefix " + prefix);
        }
        String rel = key.substring(prefix.length());
        if (rel.endsWith("/")) {
          // a "directory marker" object: keep the directory, there is nothing to copy
          String dirKey = rel.substring(0, rel.length() - 1);
          if (!dirKey.isEmpty()) {
            LocalPath d = paths.descendant(p.target(), dirKey, p.variable(), objectRef);
            paths.claimDirectory(d, p.variable(), objectRef);
            ensureDirectory(p.variable(), d);
          }
          continue;
        }
        LocalPath target = paths.descendant(p.target(), rel, p.variable(), objectRef);
        paths.claimFile(target, p.variable(), objectRef);
        long size = o.size();
        progress.planned(size);
        submit(() -> copy(p.variable(), objectRef, o.reference(), target, size, false));
      }
    } finally {
      progress.listingFinished();
    }
  }

  void ensureDirectory(String variable, LocalPath dir) {
    try {
      files.ensureDirectory(dir.path());
    } catch (IOException e) {
      throw DownloadException.failed(variable, null, DownloadException.about(variable)
          + "cannot create the directory " + dir.text() + ": " + describe(e), e);
    }
  }

  private void submit(Runnable task) throws InterruptedException {
    checkFailure();
    window.acquire();
    try {
      pool.execute(() -> {
        try {
          if (!cancelled.get()) {
            task.run();
          }
        } catch (DownloadException e) {
          fail(e);
        } catch (RuntimeException | Error e) {
          fail(DownloadException.failed(null, null, "transfer failed: " + e, e));
        } finally {
          window.release();
        }
      });
    } catch (RejectedExecutionException e) {
      window.release();
      checkFailure();
      throw new InterruptedException("transfers were cancelled");
    }
  }

  /** Waits for every queued transfer; throws the first failure. */
  void awaitAll() throws InterruptedException {
    int permits = concurrency * 2;
    while (!window.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
      checkFailure();
    }
    window.release(permits);
    checkFailure();
  }

  /** Throws the first failure, if a transfer has failed. */
  void checkFailure() {
    DownloadException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  /** Stops queued and running transfers (their temporary files are removed). */
  void cancel() {
    cancelled.set(true);
    // queued tasks that never run must still give back their place in the window
    window.release(pool.shutdownNow().size());
  }

  /** What is still being transferred, for a timeout message. */
  String describeInFlight() {
    if (inFlight.isEmpty()) {
      return "";
    }
    String first = inFlight.values().iterator().next();
    int more = inFlight.size() - 1;
    return first + (more > 0 ? " (and " + more + " more transfers)" : "");
  }

  Map<Path, String> inFlight() {
    return inFlight;
  }

  private void fail(DownloadException e) {
    if (!failure.compareAndSet(null, e)) {
      if (!cancelled.get()) {
        failure.get().addSuppressed(e);
      }
      return;
    }
    cancel();
  }

  private void copy(String variable, String uri, DataReference ref, LocalPath target, long knownSize,
      boolean lookUpFirst) {
    ensureDirectory(variable, new LocalPath(parentText(target), target.path().getParent()));
    long expected = knownSize;
    if (lookUpFirst) {
      Optional<ObjectInfo> info;
      try {
        info = store.head(ref);
      } catch (StorageException e) {
        throw DownloadException.failed(variable, uri, DownloadException.about(variable)
            + "cannot look up blob " + uri + ": " + e.getMessage(), e);
      }
      if (info.isEmpty()) {
        throw notFound(variable, uri, null);
      }
      expected = info.get().size();
      progress.planned(expected);
    } else if (knownSize < 0) {
      progress.planned(-1);
    }
    Path tmp = LocalFiles.temporarySibling(target.path());
    inFlight.put(tmp, "variable [" + variable + "] from " + uri);
    try {
      store.readTo(ref, tmp);
      long size = Files.size(tmp);
      if (expected >= 0 && size != expected) {
        throw DownloadException.failed(variable, uri, DownloadException.about(variable) + "downloaded " + size
            + " bytes from " + uri + " but the store announced " + expected + " bytes", null);
      }
      files.moveIntoPlace(tmp, target.path());
      progress.add(size);
      progress.fileDone();
    } catch (ObjectNotFoundException e) {
      throw notFound(variable, uri, e);
    } catch (StorageException e) {
      if (cancelled.get()) {
        return;
      }
      throw DownloadException.failed(variable, uri, DownloadException.about(variable) + "cannot download "
          + uri + " to " + target.text() + ": " + e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw DownloadException.failed(variable, uri, DownloadException.about(variable) + "cannot download "
          + uri + " to " + target.text() + ": the store wrote no file", e);
    } catch (IOException e) {
      throw DownloadException.failed(variable, uri, DownloadException.about(variable) + "cannot write "
          + target.text() + " from " + uri + ": " + describe(e), e);
    } finally {
      inFlight.remove(tmp);
      LocalFiles.deleteQuietly(tmp);
    }
  }

  /** "blob X does not exist", with the store's reason when it says more (an HTTP status, for instance). */
  private static DownloadException notFound(String variable, String uri, ObjectNotFoundException cause) {
    String detail = cause == null || cause.getMessage().endsWith("does not exist") ? "" : " (" + cause.getMessage() + ")";
    return DownloadException.failed(variable, uri, DownloadException.about(variable) + "blob " + uri
        + " does not exist" + detail, cause);
  }

  private static String parentText(LocalPath p) {
    int slash = p.text().lastIndexOf('/');
    return slash < 0 ? "." : p.text().substring(0, Math.max(slash, 1));
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    String type = e.getClass().getSimpleName();
    return m == null ? type : type + ": " + m;
  }

  @Override
  public void close() {
    cancelled.set(true);
    window.release(pool.shutdownNow().size());
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
