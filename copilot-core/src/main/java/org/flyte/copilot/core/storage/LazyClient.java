package org.flyte.copilot.core.storage;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A store's SDK client, built by {@code factory} on the first {@link #get} (so constructing a store
 * touches no network and resolves no credentials) and handed back by {@link #take} when the store
 * closes. Thread-safe.
 */
public final class LazyClient<T> {
  private final Supplier<T> factory;
  private volatile T client;

  public LazyClient(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** The client, built now if this is the first call (or the first since {@link #take}). */
  public T get() {
    T c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = factory.get();
          client = c;
        }
      }
    }
    return c;
  }

  /** The client if one was built, else null; forgotten here, so the caller closes it. */
  public synchronized T take() {
    T c = client;
    client = null;
    return c;
  }
}
