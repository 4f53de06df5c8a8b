package org.flyte.copilot.core.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server (an emulator) that the tests of one class share; registered as a static
 * {@code @RegisterExtension} field it is started before the class's {@code @BeforeAll} methods and
 * closed after its {@code @AfterAll} methods. The starter gives null where the server cannot run
 * here: the class's {@link EachTestSkippedWithout} extension then skips each test, and its
 * {@code @BeforeAll} methods check {@link #started()}.
 */
public final class SharedServer<T extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {
  /** Starts the server, or returns null where it cannot run. */
  @FunctionalInterface
  public interface Starter<T> {
    T start() throws Exception;
  }

  private final Starter<T> starter;
  private T server;

  public SharedServer(Starter<T> starter) {
    this.starter = starter;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = starter.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      Closeables.closeAll(server);
    } finally {
      server = null;
    }
  }

  public boolean started() {
    return server != null;
  }

  /** The running server (null where it could not start; the tests are then skipped). */
  public T get() {
    return server;
  }
}
