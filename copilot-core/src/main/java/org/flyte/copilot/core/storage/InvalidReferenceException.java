package org.flyte.copilot.core.storage;

/** A reference string that cannot be parsed or joined. */
public class InvalidReferenceException extends IllegalArgumentException {
  private final String reference;

  public InvalidReferenceException(String reference, String reason) {
    super("Reference is of an invalid format [" + reference + "]: " + reason);
    this.reference = reference;
  }

  public String reference() {
    return reference;
  }
}
