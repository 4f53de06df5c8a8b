package org.flyte.copilot.core.storage;


/** The object was replaced while it was being read in parts (its ETag no longer matches): never retried. */
public final class ObjectChangedException extends StorageException {
  public ObjectChangedException(String operation, DataReference reference, String etag) {
    super(operation, reference, "the object changed while it was being read (it no longer has ETag " + etag
        + "); refusing to assemble a file from two versions");
  }
}
