package org.flyte.copilot.core.transfer;

import java.util.concurrent.CompletableFuture;

/**
 * A submitted transfer: its result when it ends (the future always completes normally, with a
 * {@link TransferResult.Completed} or a {@link TransferResult.Failed}), and how far it has got.
 */
public interface TransferHandle {
  TransferRequest request();

  CompletableFuture<TransferResult> result();

  /** Bytes of this object moved so far. */
  long bytesTransferred();

  /** The object's size once known, else -1. */
  long size();
}
