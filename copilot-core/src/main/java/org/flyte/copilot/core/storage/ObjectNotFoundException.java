package org.flyte.copilot.core.storage;

/** The object (or bucket) a reference names does not exist. */
public class ObjectNotFoundException extends StorageException {
  public ObjectNotFoundException(String operation, DataReference reference) {
    super(operation, reference, "does not exist");
  }

  public ObjectNotFoundException(String operation, DataReference reference, String reason) {
    super(operation, reference, reason);
  }
}
