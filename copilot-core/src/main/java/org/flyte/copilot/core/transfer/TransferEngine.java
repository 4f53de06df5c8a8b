package org.flyte.copilot.core.transfer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.storage.BoundedInputStream;
import org.flyte.copilot.core.storage.MultipartUpload;
import org.flyte.copilot.core.storage.ObjectInfo;
import org.flyte.copilot.core.storage.ObjectNotFoundException;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;

/**
 * Moves objects between a store and local files, for downloads and uploads alike, with one bounded
 * budget of {@code concurrency} worker threads shared by whole objects and the parts of large ones.
 *
 * <ul>
 *   <li>Submitting blocks while {@code 2 × concurrency} objects are queued or running, so a caller
 *       that lists 100,000 objects never holds 100,000 requests.
 *   <li>Downloads: an object up to {@code partThreshold} bytes is one GET; a larger one is read as
 *       ranged GETs of {@code partSize} bytes in parallel, each written at its offset (no object is
 *       held in memory), all pinned to the ETag seen first, so a replaced object fails instead of
 *       giving a file made of two versions. A body that breaks resumes from the last byte written.
 *   <li>Uploads: the store writes the bytes the source opens; an attempt that fails transiently is
 *       repeated from the start of the source. A store that writes large objects in parts ({@link
 *       ObjectStore#startMultipart}) gets them as tasks on the same workers, each retried alone; the
 *       upload is completed once all are in, or aborted.
 *   <li>Retries follow the {@link RetryPolicy} and never outlast the {@link Deadline}; {@link
 *       #awaitAll} is where the deadline ends a transfer.
 *   <li>With fail-fast (the default) the first failure cancels everything else: queued objects are
 *       never started, running ones are stopped and their temporary files removed.
 * </ul>
 */
public final class TransferEngine implements AutoCloseable {
  private static final Logger LOG = System.getLogger(TransferEngine.class.getName());
  private static final AtomicInteger ENGINES = new AtomicInteger();
  /** Read buffer of each worker thread. */
  static final int BUFFER_SIZE = 256 * 1024;

  private final ObjectStore store;
  private final int concurrency;
  private final long partSize;
  private final long partThreshold;
  private final RetryPolicy retryPolicy;
  private final Deadline deadline;
  private final TransferProgress progress;
  private final TransferListener listener;
  private final boolean failFast;
  private final String threadPrefix;

  private final LinkedBlockingDeque<Task> queue = new LinkedBlockingDeque<>();
  private final List<Worker> workers = new ArrayList<>();
  private final Semaphore window;
  private final Set<Job> active = ConcurrentHashMap.newKeySet();
  private final Set<InputStream> openStreams = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending = new AtomicInteger();
  private final Object idle = new Object();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean listenerFailed = new AtomicBoolean();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger completedCount = new AtomicInteger();
  private final AtomicLong completedBytes = new AtomicLong();
  private final List<TransferResult.Failed> failures = new ArrayList<>();
  private volatile boolean closed;

  private TransferEngine(Builder b) {
    this.store = b.store;
    this.concurrency = b.concurrency;
    this.partSize = b.partSize;
    this.partThreshold = Math.max(b.partThreshold, b.partSize);
    this.retryPolicy = b.retryPolicy;
    this.deadline = b.deadline;
    this.progress = b.progress;
    this.listener = b.listener;
    this.failFast = b.failFast;
    this.window = new Semaphore(2 * b.concurrency);
    this.threadPrefix = "copilot-transfer-" + ENGINES.incrementAndGet() + "-";
  }

  public static Builder builder(ObjectStore store) {
    return new Builder(store);
  }

  /**
   * Queues {@code request}; blocks while the window of queued objects is full. After a cancellation
   * the handle is already failed.
   */
  public TransferHandle submit(TransferRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    if (closed) {
      throw new IllegalStateException("the transfer engine is closed");
    }
    Job job = new Job(request);
    while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
      if (cancelled.get()) {
        job.finishCancelled();
        return job;
      }
    }
    if (cancelled.get()) {
      window.release();
      job.finishCancelled();
      return job;
    }
    pending.incrementAndGet();
    active.add(job);
    if (request.size() >= 0) {
      progress.planned(request.size());
    } else if (!(request instanceof TransferRequest.Download d && d.lookUp())) {
      progress.planned(-1); // the total stays unknown: nothing tells the size before the bytes
    }
    safely(() -> listener.submitted(request));
    enqueue(new Task(job, null), false);
    return job;
  }

  /**
   * Waits until every submitted object has ended, or the deadline passes (then everything is
   * cancelled and {@link TransferTimeoutException} names what was still moving).
   */
  public Summary awaitAll() throws InterruptedException {
    while (true) {
      synchronized (idle) {
        if (pending.get() == 0) {
          return summary();
        }
        long left = deadline.remainingNanos();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
          continue;
        }
      }
      // outside the lock: ending dropped tasks can abort a multipart upload
      List<TransferRequest> moving = inFlight();
      cancel();
      throw new TransferTimeoutException(deadline.timeout(), moving);
    }
  }

  /** What has ended so far. */
  public Summary summary() {
    synchronized (failures) {
      return new Summary(completedCount.get(), completedBytes.get(), retries.get(), List.copyOf(failures));
    }
  }

  /** Requests started and not yet ended. */
  public List<TransferRequest> inFlight() {
    List<TransferRequest> out = new ArrayList<>();
    for (Job j : active) {
      if (j.started) {
        out.add(j.request);
      }
    }
    return out;
  }

  /** Retries so far, over all objects and parts. */
  public int retries() {
    return retries.get();
  }

  /** Stops queued and running transfers; their temporary files are removed. Safe to call more than once. */
  public void cancel() {
    if (!cancelled.compareAndSet(false, true)) {
      return;
    }
    List<Task> dropped = new ArrayList<>();
    queue.drainTo(dropped);
    for (Task t : dropped) {
      t.job.partEnded(new CancellationException("cancelled"));
    }
    for (InputStream in : openStreams) {
      closeQuietly(in); // unblocks a read waiting on the network
    }
    synchronized (workers) {
      workers.forEach(Thread::interrupt);
    }
  }

  /**
   * Cancels and removes, on this thread and at once, the temporary files of every download still
   * running: for a JVM that is shutting down (SIGTERM) and will not wait for the workers.
   */
  public void abandon() {
    cancel();
    for (Job j : active) {
      if (j.request instanceof TransferRequest.Download d) {
        j.closeChannel();
        j.deleteQuietly(d);
      }
    }
  }

  public boolean cancelled() {
    return cancelled.get();
  }

  @Override
  public void close() {
    closed = true;
    cancel();
    List<Worker> all;
    synchronized (workers) {
      all = new ArrayList<>(workers);
    }
    all.forEach(Thread::interrupt); // idle workers wait for work: wake them to end
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Worker w : all) {
      try {
        w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void enqueue(Task t, boolean first) {
    if (first) {
      queue.addFirst(t);
    } else {
      queue.addLast(t);
    }
    synchronized (workers) {
      if (workers.size() < concurrency && workers.size() < pending.get() + queue.size()) {
        Worker w = new Worker(threadPrefix + (workers.size() + 1));
        workers.add(w);
        w.start();
      }
    }
  }

  /** What ran and how it ended. */
  public record Summary(int completed, long bytes, int retries, List<TransferResult.Failed> failures) {
    /** The first failure that was not a cancellation caused by another one. */
    public Optional<TransferResult.Failed> firstFailure() {
      return failures.stream().filter(f -> !f.cancelled()).findFirst()
          .or(() -> failures.stream().findFirst());
    }
  }

  /** One object: its parts are {@link Task}s; it ends when the last one has. */
  private final class Job implements TransferHandle {
    final TransferRequest request;
    final CompletableFuture<TransferResult> result = new CompletableFuture<>();
    final AtomicLong bytes = new AtomicLong();
    final AtomicInteger jobRetries = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicInteger partsLeft = new AtomicInteger(1);
    volatile long size = -1;
    volatile String etag = "";
    volatile boolean started;
    volatile FileChannel channel;
    volatile MultipartUpload multipart;
    /** The store wrote the whole file itself ({@link ObjectStore#downloadsWhole}) and checked it. */
    volatile boolean storeWrote;

    Job(TransferRequest request) {
      this.request = request;
      this.size = request.size();
      if (request instanceof TransferRequest.Download d) {
        etag = d.etag();
      }
    }

    @Override
    public TransferRequest request() {
      return request;
    }

    @Override
    public CompletableFuture<TransferResult> result() {
      return result;
    }

    @Override
    public long bytesTransferred() {
      return bytes.get();
    }

    @Override
    public long size() {
      return size;
    }

    void counted(long n) {
      bytes.addAndGet(n);
      progress.add(n);
    }

    boolean stopped() {
      return failure.get() != null || cancelled.get();
    }

    /** Called once by every task of this job when it ends; the last one finishes the job. */
    void partEnded(Throwable partFailure) {
      if (partFailure != null) {
        failure.compareAndSet(null, partFailure);
      }
      if (partsLeft.decrementAndGet() == 0) {
        finish();
      }
    }

    void addParts(int n) {
      partsLeft.addAndGet(n);
    }

    private void finish() {
      try {
        settle();
      } finally {
        // whatever happened above, the job leaves the window and awaitAll hears of it
        active.remove(this);
        if (!result.isDone()) {
          TransferResult.Failed r = new TransferResult.Failed(request,
              new IllegalStateException("the transfer of " + request.reference() + " ended abnormally"), jobRetries.get());
          synchronized (failures) {
            failures.add(r);
          }
          result.complete(r);
        }
        window.release();
        if (pending.decrementAndGet() == 0) {
          synchronized (idle) {
            idle.notifyAll();
          }
        }
      }
    }

    private void settle() {
      Throwable f = failure.get();
      if (f == null && cancelled.get()) {
        f = new CancellationException("cancelled");
      }
      if (f == null && request instanceof TransferRequest.Download d) {
        f = commit(d);
      }
      if (multipart != null) {
        f = f == null ? completeMultipart() : f;
        if (f != null) {
          abortQuietly(multipart);
        }
      }
      closeChannel();
      TransferResult r;
      if (f == null) {
        r = new TransferResult.Completed(request, bytes.get(), jobRetries.get());
        completedCount.incrementAndGet();
        completedBytes.addAndGet(bytes.get());
        progress.fileDone();
      } else {
        if (request instanceof TransferRequest.Download d) {
          deleteQuietly(d);
        }
        r = new TransferResult.Failed(request, f, jobRetries.get());
        synchronized (failures) {
          failures.add((TransferResult.Failed) r);
        }
      }
      notifyListener(r);
      result.complete(r);
      if (r instanceof TransferResult.Failed failed && !failed.cancelled() && failFast) {
        cancel();
      }
    }

    /** Ends a job that never entered the queue. */
    void finishCancelled() {
      TransferResult.Failed r = new TransferResult.Failed(request, new CancellationException("cancelled"), 0);
      result.complete(r);
    }

    /** A store that stopped answering must not hold the thread that ends the job. */
    private void abortQuietly(MultipartUpload mp) {
      try {
        Bounded.call(Duration.ofSeconds(5), "aborting the multipart upload of " + request.reference()
            + " did not finish within 5s", () -> {
              mp.abort();
              return null;
            });
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "{0}; its parts stay until a lifecycle rule removes them", Messages.of(e));
      }
    }

    private Throwable completeMultipart() {
      try {
        retryPolicy.call(deadline, () -> {
          multipart.complete();
          return null;
        }, (attempt, failure, delay) -> {
          retries.incrementAndGet();
          jobRetries.incrementAndGet();
          safely(() -> listener.retrying(request, attempt, failure, delay));
        });
        return null;
      } catch (RuntimeException e) {
        return e;
      } catch (InterruptedException e) {
        return new CancellationException("cancelled");
      }
    }

    private Throwable commit(TransferRequest.Download d) {
      try {
        long written = storeWrote ? Files.size(d.temporary()) : openTemporary(d).size();
        closeChannel();
        if (!storeWrote && size >= 0 && written != size) {
          return new StorageException("download", d.reference(), "received " + written
              + " bytes but the store announced " + size + " bytes");
        }
        d.commit().accept(d.temporary());
        return null;
      } catch (LocalFileException e) {
        return e;
      } catch (IOException e) {
        return new LocalFileException("cannot put " + d.temporary().getFileName() + " in place: "
            + Messages.of(e), e);
      } catch (RuntimeException e) {
        return e;
      }
    }

    FileChannel openTemporary(TransferRequest.Download d) throws LocalFileException {
      FileChannel ch = channel;
      if (ch == null) {
        synchronized (this) {
          ch = channel;
          if (ch == null) {
            try {
              // CREATE_NEW never follows a link planted at the temporary name
              ch = FileChannel.open(d.temporary(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
              throw new LocalFileException("cannot create " + d.temporary() + ": " + Messages.of(e), e);
            }
            channel = ch;
          }
        }
      }
      return ch;
    }

    void closeChannel() {
      FileChannel ch = channel;
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // the length check or the rename reports what matters
        }
      }
    }

    void deleteQuietly(TransferRequest.Download d) {
      try {
        Files.deleteIfExists(d.temporary());
      } catch (IOException ignored) {
        // a leftover has a temporary name, never a final one
      }
    }
  }

  private void notifyListener(TransferResult r) {
    safely(() -> {
      if (r instanceof TransferResult.Completed c) {
        listener.completed(c);
      } else {
        listener.failed((TransferResult.Failed) r);
      }
    });
  }

  private void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      LOG.log(listenerFailed.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG,
          "a transfer listener failed; the transfer goes on", e);
    }
  }

  /** A part of a job: the whole job when {@code range} is null (the job's first task plans the rest). */
  private record Task(Job job, long[] range) {}

  private final class Worker extends Thread {
    final byte[] buffer = new byte[BUFFER_SIZE];

    Worker(String name) {
      super(name);
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!closed || !queue.isEmpty()) {
        Task t;
        try {
          t = queue.pollFirst(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          continue; // a cancellation: go on draining the queue
        }
        if (t == null) {
          if (closed) {
            return;
          }
          continue;
        }
        Thread.interrupted(); // a cancellation aimed at the previous task
        Throwable f = null;
        try {
          if (t.job.stopped()) {
            f = t.job.failure.get() != null ? null : new CancellationException("cancelled");
          } else {
            run(t);
          }
        } catch (Throwable e) {
          f = cancelled.get() ? new CancellationException("cancelled") : e;
          if (e instanceof VirtualMachineError vme) {
            t.job.partEnded(f);
            throw vme;
          }
        }
        t.job.partEnded(f);
      }
    }

    private void run(Task t) throws Exception {
      Job job = t.job;
      job.started = true;
      if (job.request instanceof TransferRequest.Upload u) {
        if (t.range == null) {
          startUpload(job, u);
        } else {
          uploadPart(job, u, (int) t.range[0]);
        }
      } else if (t.range == null) {
        startDownload(job, (TransferRequest.Download) job.request);
      } else {
        readPart(job, (TransferRequest.Download) job.request, t.range[0], t.range[1]);
      }
    }

    private void startDownload(Job job, TransferRequest.Download d) throws Exception {
      if (store.downloadsWhole(d.reference())) {
        if (job.size >= 0) {
          progress.unplanned(job.size);
        }
        withRetries(job, () -> {
          store.readTo(d.reference(), d.temporary());
          return null;
        });
        job.storeWrote = true;
        long n = Files.size(d.temporary());
        progress.planned(n);
        job.counted(n);
        return;
      }
      if (d.lookUp() && job.size < 0) {
        ObjectInfo info = withRetries(job, () -> store.head(d.reference()))
            .orElseThrow(() -> new ObjectNotFoundException("download", d.reference()));
        job.size = info.size();
        job.etag = info.etag();
        progress.planned(info.size());
      }
      job.openTemporary(d);
      long size = job.size;
      if (size < 0) {
        readWhole(job, d);
        return;
      }
      if (size <= partThreshold) {
        readPart(job, d, 0, size);
        return;
      }
      // this task reads the first part; the others go to the front of the queue for idle workers
      long parts = (size + partSize - 1) / partSize;
      job.addParts((int) (parts - 1));
      for (long p = parts - 1; p >= 1; p--) {
        long off = p * partSize;
        enqueue(new Task(job, new long[] {off, Math.min(partSize, size - off)}), true);
      }
      readPart(job, d, 0, Math.min(partSize, size));
    }

    /** Reads bytes [offset, offset+length) into the job's file, resuming after the last byte written. */
    private void readPart(Job job, TransferRequest.Download d, long offset, long length) throws Exception {
      FileChannel ch = job.openTemporary(d);
      long[] done = {0};
      int attempt = 1;
      while (true) {
        try {
          if (length - done[0] > 0) {
            try (InputStream in = open(() -> store.readRange(d.reference(), offset + done[0], length - done[0], job.etag))) {
              copy(job, in, ch, offset, length, done);
            }
          }
          if (done[0] < length) {
            throw new EOFException("the body ended after " + done[0] + " of " + length + " bytes");
          }
          return;
        } catch (Exception e) {
          attempt = retryOrThrow(job, e, attempt);
        }
      }
    }

    /** An object of unknown size (a signed URL that may not allow HEAD): one stream, restarted from zero on failure. */
    private void readWhole(Job job, TransferRequest.Download d) throws Exception {
      FileChannel ch = job.openTemporary(d);
      int attempt = 1;
      while (true) {
        long[] done = {0};
        try {
          try (InputStream in = open(() -> store.read(d.reference()))) {
            copy(job, in, ch, 0, Long.MAX_VALUE, done);
          }
          return;
        } catch (Exception e) {
          attempt = retryOrThrow(job, e, attempt);
          job.counted(-done[0]);
          ch.truncate(0);
        }
      }
    }

    private void copy(Job job, InputStream in, FileChannel ch, long offset, long length, long[] done)
        throws IOException {
      ByteBuffer bb = ByteBuffer.wrap(buffer);
      while (done[0] < length) {
        if (job.stopped()) {
          throw new CancellationException("cancelled");
        }
        int want = (int) Math.min(buffer.length, length - done[0]);
        int n = in.read(buffer, 0, want);
        if (n < 0) {
          return;
        }
        bb.clear().limit(n);
        long pos = offset + done[0];
        try {
          while (bb.hasRemaining()) {
            pos += ch.write(bb, pos);
          }
        } catch (IOException e) {
          throw new LocalFileException("cannot write the downloaded bytes: " + Messages.of(e), e);
        }
        done[0] += n;
        job.counted(n);
      }
    }

    /** A large upload goes in parts when the store writes in parts; the others go whole. */
    private void startUpload(Job job, TransferRequest.Upload u) throws Exception {
      long size = u.size();
      if (size < 0) {
        try (SeekableByteChannel ch = openChannel(u)) {
          size = ch.size();
        }
      }
      job.size = size;
      long known = size;
      Optional<MultipartUpload> mp = size == 0 ? Optional.empty()
          : withRetries(job, () -> store.startMultipart(u.reference(), known));
      if (mp.isEmpty()) {
        upload(job, u);
        return;
      }
      job.multipart = mp.get();
      int parts = mp.get().partCount();
      job.addParts(parts - 1);
      for (int p = parts; p >= 2; p--) {
        enqueue(new Task(job, new long[] {p}), true);
      }
      uploadPart(job, u, 1);
    }

    /** Sends part {@code number}; each attempt reads the part afresh and takes back the bytes the last one counted. */
    private void uploadPart(Job job, TransferRequest.Upload u, int number) throws Exception {
      MultipartUpload mp = job.multipart;
      long offset = (number - 1) * mp.partSize();
      long length = Math.min(mp.partSize(), job.size - offset);
      long[] counted = {0};
      MultipartUpload.PartBody body = () -> {
        job.counted(-counted[0]);
        counted[0] = 0;
        SeekableByteChannel ch = openChannel(u);
        ch.position(offset);
        InputStream in = new BoundedInputStream(Channels.newInputStream(ch), 0, length);
        return new java.io.FilterInputStream(in) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (job.stopped()) {
              throw new java.io.InterruptedIOException("the upload was cancelled");
            }
            int n = super.read(b, off, len);
            if (n > 0) {
              counted[0] += n;
              job.counted(n);
            }
            return n;
          }
        };
      };
      withRetries(job, () -> {
        mp.uploadPart(number, body);
        return null;
      });
    }

    private SeekableByteChannel openChannel(TransferRequest.Upload u) throws LocalFileException {
      try {
        return u.source().open();
      } catch (LocalFileException e) {
        throw e;
      } catch (IOException e) {
        throw new LocalFileException("cannot read the file: " + Messages.of(e), e);
      }
    }

    private void upload(Job job, TransferRequest.Upload u) throws Exception {
      int attempt = 1;
      while (true) {
        long before = job.bytes.get();
        try (CountingFileInputStream in = openSource(u, job)) {
          openStreams.add(in);
          try {
            store.write(u.reference(), in, u.size() >= 0 ? u.size() : in.size());
          } finally {
            openStreams.remove(in);
          }
          return;
        } catch (Exception e) {
          attempt = retryOrThrow(job, e, attempt);
          job.counted(before - job.bytes.get()); // the next attempt sends everything again
        }
      }
    }

    private CountingFileInputStream openSource(TransferRequest.Upload u, Job job) throws LocalFileException {
      try {
        return CountingFileInputStream.of(openChannel(u), job::counted);
      } catch (LocalFileException e) {
        throw e;
      } catch (IOException e) {
        throw new LocalFileException("cannot read the file: " + Messages.of(e), e);
      }
    }

    private InputStream open(StoreCall<InputStream> call) {
      InputStream in = call.run();
      openStreams.add(in);
      if (cancelled.get()) {
        closeQuietly(in);
      }
      return new java.io.FilterInputStream(in) {
        @Override
        public void close() throws IOException {
          openStreams.remove(in);
          super.close();
        }
      };
    }

    private <T> T withRetries(Job job, StoreCall<T> call) throws Exception {
      int attempt = 1;
      while (true) {
        try {
          return call.run();
        } catch (Exception e) {
          attempt = retryOrThrow(job, e, attempt);
        }
      }
    }

    /** Rethrows {@code e} unless it is transient and another attempt fits; else waits and returns the next attempt number. */
    private int retryOrThrow(Job job, Exception e, int attempt) throws Exception {
      if (cancelled.get() || job.failure.get() != null) {
        throw new CancellationException("cancelled");
      }
      if (e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)
          && Thread.currentThread().isInterrupted()) {
        throw new CancellationException("cancelled");
      }
      if (!RetryPolicy.isTransient(e)) {
        throw e;
      }
      Duration delay = retryPolicy.backoff(attempt);
      if (!retryPolicy.allowsAnother(attempt, deadline, delay)) {
        throw e;
      }
      retries.incrementAndGet();
      job.jobRetries.incrementAndGet();
      safely(() -> listener.retrying(job.request, attempt, e, delay));
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException ie) {
        throw new CancellationException("cancelled");
      }
      return attempt + 1;
    }
  }

  @FunctionalInterface
  private interface StoreCall<T> {
    T run();
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // closing only to stop a read
    }
  }

  /** Options of a {@link TransferEngine}. */
  public static final class Builder {
    private final ObjectStore store;
    private int concurrency = 8;
    private long partSize = 16L << 20;
    private long partThreshold = 32L << 20;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private Deadline deadline = Deadline.none();
    private TransferProgress progress;
    private TransferListener listener = TransferListener.NONE;
    private boolean failFast = true;

    private Builder(ObjectStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** Worker threads, shared by objects and parts (1–256). */
    public Builder concurrency(int n) {
      if (n < 1 || n > 256) {
        throw new IllegalArgumentException("concurrency must be from 1 to 256, was " + n);
      }
      this.concurrency = n;
      return this;
    }

    /** Downloads larger than {@code threshold} bytes are read as ranged GETs of {@code partSize} bytes. */
    public Builder parts(long partSize, long threshold) {
      if (partSize < 1) {
        throw new IllegalArgumentException("part size must be positive, was " + partSize);
      }
      this.partSize = partSize;
      this.partThreshold = threshold;
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder deadline(Deadline deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /** Where bytes, planned sizes and finished objects are counted. */
    public Builder progress(TransferProgress progress) {
      this.progress = progress;
      return this;
    }

    public Builder listener(TransferListener listener) {
      this.listener = listener == null ? TransferListener.NONE : listener;
      return this;
    }

    /** Whether the first failure cancels everything else (default true). */
    public Builder failFast(boolean failFast) {
      this.failFast = failFast;
      return this;
    }

    public TransferEngine build() {
      if (progress == null) {
        progress = TransferProgress.builder().interval(null).start(s -> {});
      }
      return new TransferEngine(this);
    }
  }
}
