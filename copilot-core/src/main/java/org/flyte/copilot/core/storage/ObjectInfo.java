package org.flyte.copilot.core.storage;

import java.util.Objects;

/**
 * What a store knows about one object: its reference, size in bytes and an integrity tag (an ETag,
 * a hex MD5 or a CRC32C, as the backend reports it; empty when unknown).
 */
public record ObjectInfo(DataReference reference, long size, String etag) {
  public ObjectInfo {
    Objects.requireNonNull(reference, "reference");
    etag = etag == null ? "" : etag;
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size + " for " + reference);
    }
  }
}
