package org.flyte.copilot.upload.transfer;

import org.flyte.copilot.upload.locate.VolumeFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which local files are already stored at which references (UPLOAD_EAGER): a file whose real path,
 * size, modification time and inode are unchanged is not uploaded again. Thread-safe.
 */
public final class UploadCache {
  /** What a file looked like when it was uploaded. */
  record Fingerprint(Path real, long size, long modifiedNanos, Object fileKey) {
    /** The file's fingerprint, read without following symlinks; empty when it cannot be read. */
    static Optional<Fingerprint> of(VolumeFiles volume, Path real) {
      try {
        BasicFileAttributes a = volume.attributes(real);
        if (!a.isRegularFile()) {
          return Optional.empty();
        }
        return Optional.of(new Fingerprint(real, a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey()));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  private final Map<String, Fingerprint> stored = new ConcurrentHashMap<>();

  /** True when {@code reference} holds exactly the current content of {@code real}. */
  boolean holds(String reference, Fingerprint current) {
    return current.equals(stored.get(reference));
  }

  void record(String reference, Fingerprint fingerprint) {
    stored.put(reference, fingerprint);
  }

  void forget(String reference) {
    stored.remove(reference);
  }

  /** Every reference stored so far. */
  Set<String> references() {
    return Set.copyOf(stored.keySet());
  }

  /** Number of references stored so far. */
  public int size() {
    return stored.size();
  }
}
