package org.flyte.copilot.core.status;

/** Where a copilot command is in its life, as the status service reports it. */
public enum Phase {
  /** Flags and configuration are being read. */
  STARTING,
  /** {@code download}: inputs are being read and written to the input directory. */
  DOWNLOADING,
  /** {@code sidecar}: waiting for the main container to exit. */
  WAITING,
  /** {@code sidecar}: outputs are being read, uploaded and outputs.pb written. */
  UPLOADING,
  SUCCEEDED,
  /** The command failed; the error document holds why (when it could be written). */
  FAILED;

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
