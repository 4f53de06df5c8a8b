package org.flyte.copilot.core.transfer;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.flyte.copilot.core.error.Messages;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.StorageException;

/**
 * Small reads outside the engine (the input map, an offloaded literal) with the engine's retry
 * policy: a metadata file cut short by a reset connection is read again, not reported as an error.
 * The caller's own deadline bounds the whole.
 */
public final class Retrying {
  private static final Logger LOG = System.getLogger(Retrying.class.getName());

  private Retrying() {}

  /** {@link ObjectStore#readAllBytes}, retried on transient failures. */
  public static byte[] readAllBytes(ObjectStore store, DataReference ref) {
    try {
      return RetryPolicy.DEFAULT.call(Deadline.none(), () -> store.readAllBytes(ref), (attempt, failure, delay) ->
          LOG.log(Level.WARNING, "reading {0} failed ({1}); trying again in {2} ms", ref, Messages.of(failure),
              delay.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("read", ref, "interrupted");
    }
  }
}
