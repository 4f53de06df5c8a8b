package org.flyte.copilot.core.testing;

/** Ending what a test class started in {@code @BeforeAll}, some of which may never have started. */
public final class Closeables {
  private Closeables() {}

  /** Closes each non-null resource in order; the first failure is rethrown after all were tried. */
  public static void closeAll(AutoCloseable... resources) {
    RuntimeException failure = null;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
