package org.flyte.copilot.upload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage work an upload needs, gathered while reading the outputs so that nothing is
 * uploaded before every output has been read: files to upload and remote references to verify.
 * Not thread-safe.
 */
final class UploadPlan {
  /** One local file to store at {@code reference}; {@code real} is read only through {@code volume}. */
  record FileUpload(String variable, Path path, Path real, String reference, VolumeFiles volume) {}

  /** A reference the container wrote itself (DO_NOT_UPLOAD) that must exist. */
  record RemoteCheck(Site site, String reference) {}

  private final List<FileUpload> uploads = new ArrayList<>();
  private final List<RemoteCheck> checks = new ArrayList<>();

  void upload(String variable, Path path, Path real, String reference, VolumeFiles volume) {
    uploads.add(new FileUpload(variable, path, real, reference, volume));
  }

  void verifyExists(Site site, String reference) {
    checks.add(new RemoteCheck(site, reference));
  }

  /** Adds what {@code other} (a plan for a value that was accepted) holds. */
  void addAll(UploadPlan other) {
    uploads.addAll(other.uploads);
    checks.addAll(other.checks);
  }

  List<FileUpload> uploads() {
    return uploads;
  }

  List<RemoteCheck> checks() {
    return checks;
  }
}
