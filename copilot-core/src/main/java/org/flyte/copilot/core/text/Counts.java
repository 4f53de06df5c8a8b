package org.flyte.copilot.core.text;

/** A number with its noun, singular or plural: "1 output", "3 outputs", "2 retries". */
public final class Counts {
  private Counts() {}

  /** {@code noun} plus "s" (or "y" to "ies") unless {@code n} is 1. */
  public static String of(long n, String noun) {
    if (n == 1) {
      return "1 " + noun;
    }
    return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
  }
}
