package org.flyte.copilot.core.storage;

import java.io.InputStream;

/**
 * A store whose ranged reads pin the object's version in the request itself (an {@code If-Match}
 * header), so a read without a tag is the same request without the header.
 */
public interface PinnedRangeStore extends ObjectStore {

  @Override
  default InputStream readRange(DataReference ref, long offset, long length) {
    return readRange(ref, offset, length, "");
  }

  @Override
  InputStream readRange(DataReference ref, long offset, long length, String etag);
}
