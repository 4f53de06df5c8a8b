package org.flyte.copilot.core.literal.text;

/** Text that is not a valid value of the expected type; the message says why, in Go's words where Go has them. */
public final class ValueFormatException extends IllegalArgumentException {
  public ValueFormatException(String message) {
    super(message);
  }
}
