package org.flyte.copilot.core.transfer;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Objects;
import org.flyte.copilot.core.storage.DataReference;

/**
 * One object to move, as the engine's callers describe it. {@code context} is the caller's own
 * description (an input variable, an output path...) handed back in the result; the engine never
 * looks at it.
 */
public sealed interface TransferRequest {
  DataReference reference();

  Object context();

  /** The number of bytes, or -1 when not known yet. */
  long size();

  /**
   * Copy {@code reference} into {@code temporary} (created here, never followed through a link), check
   * its length, then hand it to {@code commit}, which moves it to its final name. {@code size} and
   * {@code etag} come from a listing; with {@code lookUp} the engine asks the store for them first
   * (without, and without a size, it reads the object as one stream, e.g. a GET-only signed URL).
   */
  record Download(DataReference reference, Path temporary, Commit commit, long size, String etag,
      boolean lookUp, Object context) implements TransferRequest {
    public Download {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(temporary, "temporary");
      Objects.requireNonNull(commit, "commit");
      etag = etag == null ? "" : etag;
    }
  }

  /**
   * Store {@code size} bytes that {@code source} opens (from its start) at {@code reference}. The
   * source is opened again for each attempt.
   */
  record Upload(DataReference reference, Source source, long size, Object context) implements TransferRequest {
    public Upload {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(source, "source");
    }
  }

  /** Puts a finished temporary file in place (rename, permissions); runs on the engine's thread. */
  @FunctionalInterface
  interface Commit {
    void accept(Path temporary) throws IOException;
  }

  /** Opens the bytes of an upload; the engine closes the channel. */
  @FunctionalInterface
  interface Source {
    SeekableByteChannel open() throws IOException;
  }
}
