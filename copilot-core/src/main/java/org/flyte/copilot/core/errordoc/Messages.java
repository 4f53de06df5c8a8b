package org.flyte.copilot.core.errordoc;

/** The one line a failure contributes to a message: its own text, or its type when it has none. */
public final class Messages {
  private Messages() {}

  public static String of(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
