package org.flyte.copilot.core.testing;

import java.util.Random;

/** Test data that is random but the same on every run. */
public final class RandomBytes {
  private RandomBytes() {}

  /** {@code n} bytes from a {@link Random} seeded with {@code seed}. */
  public static byte[] of(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
