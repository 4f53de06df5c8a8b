package org.flyte.copilot.cli.run;

import java.io.PrintWriter;
import java.io.Writer;

/** Passes text on to a writer and remembers its last non-blank line (at most 1000 characters of it). */
final class LastLine extends Writer {
  private static final int MAX = 1000;
  private final PrintWriter target;
  private final StringBuilder current = new StringBuilder();
  private String last = "";

  LastLine(PrintWriter target) {
    this.target = target;
  }

  @Override
  public void write(char[] buf, int off, int len) {
    target.write(buf, off, len);
    for (int i = off; i < off + len; i++) {
      char c = buf[i];
      if (c == '\n' || c == '\r') {
        if (!current.toString().isBlank()) {
          last = current.toString().strip();
        }
        current.setLength(0);
      } else if (current.length() < MAX) {
        current.append(c);
      }
    }
  }

  @Override
  public void flush() {
    target.flush();
  }

  @Override
  public void close() {
    flush();
  }

  /** The last non-blank line written, or "no output". */
  String get() {
    String now = current.toString().strip();
    return !now.isEmpty() ? now : last.isEmpty() ? "no output" : last;
  }
}
