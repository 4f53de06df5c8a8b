package org.flyte.copilot.download;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ListPage;
import org.flyte.copilot.core.storage.ObjectChangedException;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.PagedListing;
import org.flyte.copilot.core.storage.StorageException;
import org.flyte.copilot.core.status.StatusObserver;
import org.flyte.copilot.core.status.VariableOrigin;
import org.flyte.copilot.core.transfer.Deadline;
import org.flyte.copilot.core.transfer.LocalFileException;
import org.flyte.copilot.core.transfer.RetryPolicy;
import org.flyte.copilot.core.transfer.TransferEngine;
import org.flyte.copilot.core.transfer.TransferProgress;
import org.flyte.copilot.core.transfer.TransferRequest;
import org.flyte.copilot.core.transfer.TransferResult;

/**
 * The remote objects of a download, fed to the core {@link TransferEngine}: blobs by reference,
 * multipart blobs by listing their prefix page by page (the engine's window holds the listing back
 * while transfers catch up). Each object lands under a temporary name and is renamed into place by
 * {@link LocalFiles}; failures become {@link DownloadException}s naming the variable, the reference
 * and the local path.
 */
final class InputTransfers implements AutoCloseable {
  /** Who asked for an object: what a failure or a timeout message names. */
  record Origin(String variable, String uri, LocalPath target) implements VariableOrigin {
    @Override
    public String toString() {
      return "variable [" + variable + "] from " + uri;
    }
  }

  private final ObjectStore store;
  private final LocalFiles files;
  private static final System.Logger LOG = System.getLogger(InputTransfers.class.getName());
  private static final int PAGE_SIZE = 1000;

  private final TransferEngine engine;
  private final TransferProgress progress;
  private final Deadline deadline;
  /** Removes the temporary files of transfers in flight when the JVM is stopped (SIGTERM) mid-download. */
  private final Thread onShutdown;

  InputTransfers(ObjectStore store, LocalFiles files, int concurrency, Deadline deadline, TransferProgress progress,
      StatusObserver status) {
    this.store = store;
    this.deadline = deadline;
    this.files = files;
    this.progress = progress;
    this.engine = TransferEngine.builder(store).concurrency(concurrency).deadline(deadline).progress(progress)
        .listener(status.transfers()).build();
    status.transfersStarted(progress);
    this.onShutdown = new Thread(() -> {
      engine.abandon();
      files.removeWork();
    }, "copilot-download-shutdown");
    try {
      Runtime.getRuntime().addShutdownHook(onShutdown);
    } catch (IllegalStateException e) {
      // already shutting down: nothing will be left to clean up by then
    }
  }

  /** Queues the copy of one object; {@code lookUp} asks the store for its size and ETag first. */
  void submitObject(String variable, String uri, DataReference ref, LocalPath target, boolean lookUp)
      throws InterruptedException {
    submit(new Origin(variable, uri, target), ref, -1, "", lookUp);
  }

  /**
   * Lists every object below {@code ref/} and queues its copy into {@code dir}, keeping nested
   * paths; an empty listing leaves an empty directory (D8). Keys outside the prefix are an error.
   */
  void submitPrefix(Plan.PrefixCopy p, InputPaths paths) throws InterruptedException {
    String prefix = p.ref().keyPrefix();
    progress.listingStarted();
    try {
      Iterator<ObjectInfo> it = new PagedListing(token -> retriedPage(p, token));
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
        submit(new Origin(p.variable(), objectRef, target), o.reference(), o.size(), o.etag(), false);
      }
    } finally {
      progress.listingFinished();
    }
  }

  /**
   * The page of the listing below {@code copy}'s prefix after {@code token}; a page that fails
   * transiently (a blip, a 503) is asked for again with the same token after a back-off, within the
   * download's deadline.
   */
  private ListPage retriedPage(Plan.PrefixCopy copy, String token) {
    try {
      return RetryPolicy.DEFAULT.call(deadline, () -> store.listPage(copy.ref(), token, PAGE_SIZE),
          (attempt, failure, delay) -> LOG.log(System.Logger.Level.WARNING, "listing {0}/ failed ({1}); trying"
              + " again in {2} ms", copy.uri(), Messages.of(failure), delay.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while listing " + copy.uri());
    }
  }

  private void submit(Origin origin, DataReference ref, long size, String etag, boolean lookUp)
      throws InterruptedException {
    checkFailure();
    LocalPath target = origin.target();
    ensureDirectory(origin.variable(), new LocalPath(parentText(target), target.path().getParent()));
    TransferRequest.Download d = new TransferRequest.Download(ref, files.temporaryFor(target.path()),
        tmp -> files.moveIntoPlace(tmp, target.path()), size, etag, lookUp, origin);
    engine.submit(d);
  }

  void ensureDirectory(String variable, LocalPath dir) {
    try {
      files.ensureDirectory(dir.path());
    } catch (IOException e) {
      throw DownloadException.failed(variable, null, DownloadException.about(variable)
          + "cannot create the directory " + dir.text() + ": " + Messages.of(e), e);
    }
  }

  /** Waits for every queued transfer; throws the first failure (the others attached as suppressed). */
  void awaitAll() throws InterruptedException {
    engine.awaitAll();
    checkFailure();
  }

  /** Throws the first failure, if a transfer has failed. */
  void checkFailure() {
    TransferEngine.Summary s = engine.summary();
    s.firstFailure().ifPresent(first -> {
      DownloadException e = toException(first);
      for (TransferResult.Failed f : s.failures()) {
        if (f != first && !f.cancelled()) {
          e.addSuppressed(toException(f));
        }
      }
      throw e;
    });
  }

  /** What is still being transferred, for a timeout message. */
  String describeInFlight() {
    return describe(engine.inFlight());
  }

  /** "variable [x] from uri (and N more transfers)", or empty when nothing is moving. */
  static String describe(List<TransferRequest> moving) {
    if (moving.isEmpty()) {
      return "";
    }
    int more = moving.size() - 1;
    return moving.get(0).context() + (more > 0 ? " (and " + more + " more transfers)" : "");
  }

  int inFlightCount() {
    return engine.inFlight().size();
  }

  int filesDone() {
    return engine.summary().completed();
  }

  long bytesDone() {
    return engine.summary().bytes();
  }

  int retries() {
    return engine.retries();
  }

  void cancel() {
    engine.cancel();
  }

  @Override
  public void close() {
    engine.close();
    try {
      Runtime.getRuntime().removeShutdownHook(onShutdown);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs anyway and finds nothing left
    }
  }

  private static DownloadException toException(TransferResult.Failed f) {
    Origin o = (Origin) f.request().context();
    String about = DownloadException.about(o.variable());
    Throwable cause = f.cause();
    if (cause instanceof ObjectNotFoundException nf) {
      String detail = nf.getMessage().endsWith("does not exist") ? "" : " (" + nf.getMessage() + ")";
      return DownloadException.failed(o.variable(), o.uri(), about + "blob " + o.uri() + " does not exist" + detail, nf);
    }
    if (cause instanceof ObjectChangedException) {
      return DownloadException.failed(o.variable(), o.uri(), about + "cannot download " + o.uri() + " to "
          + o.target().text() + ": " + cause.getMessage(), cause);
    }
    if (cause instanceof StorageException) {
      return DownloadException.failed(o.variable(), o.uri(), about + "cannot download " + o.uri() + " to "
          + o.target().text() + ": " + cause.getMessage()
          + (f.retries() > 0 ? " (after " + f.retries() + " retries)" : ""), cause);
    }
    if (cause instanceof LocalFileException || cause instanceof NoSuchFileException) {
      return DownloadException.failed(o.variable(), o.uri(), about + "cannot write " + o.target().text() + " from "
          + o.uri() + ": " + cause.getMessage(), cause);
    }
    if (cause instanceof CancellationException) {
      return DownloadException.failed(o.variable(), o.uri(), about + "the download of " + o.uri() + " was cancelled",
          cause);
    }
    return DownloadException.failed(o.variable(), o.uri(), about + "cannot download " + o.uri() + " to "
        + o.target().text() + ": " + Messages.of(cause) + (f.retries() > 0 ? " (after " + f.retries() + " retries)" : ""),
        cause);
  }

  private static String parentText(LocalPath p) {
    int slash = p.text().lastIndexOf('/');
    return slash < 0 ? "." : p.text().substring(0, Math.max(slash, 1));
  }
}
