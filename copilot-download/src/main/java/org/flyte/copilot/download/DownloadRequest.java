package org.flyte.copilot.download;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.core.Interface.VariableMap;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.flyte.copilot.core.iostrategy.Choices;
import org.flyte.copilot.core.iostrategy.DownloadMode;
import org.flyte.copilot.core.iostrategy.FileInputLayout;
import org.flyte.copilot.core.iostrategy.MetadataFormat;

/**
 * What to download: the remote input map ({@code --from-remote}), the local directory
 * ({@code --to-local-dir}, kept as given: its text is the prefix of every local path written into
 * the metadata), the metadata format, download mode, file layout, overall timeout (zero or negative:
 * none), the number of concurrent transfers and, optionally, the task's input interface (used only
 * to warn about declared inputs that are missing). Immutable.
 */
public record DownloadRequest(
    String fromRemote,
    String toLocalDir,
    MetadataFormat format,
    DownloadMode mode,
    FileInputLayout layout,
    Duration timeout,
    int concurrency,
    Optional<VariableMap> inputInterface) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  public static final int DEFAULT_CONCURRENCY = 8;

  public DownloadRequest {
    Objects.requireNonNull(fromRemote, "fromRemote");
    Objects.requireNonNull(toLocalDir, "toLocalDir");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(inputInterface, "inputInterface");
    if (concurrency < 1) {
      throw DownloadException.invalid(null, null, "concurrency must be at least 1, given [" + concurrency + "]");
    }
  }

  /** A request with the defaults: JSON, eager, DIRECT, one hour, {@value #DEFAULT_CONCURRENCY} transfers. */
  public static DownloadRequest of(String fromRemote, String toLocalDir) {
    return new DownloadRequest(fromRemote, toLocalDir, MetadataFormat.JSON, DownloadMode.DOWNLOAD_EAGER,
        FileInputLayout.DIRECT, DEFAULT_TIMEOUT, DEFAULT_CONCURRENCY, Optional.empty());
  }

  /**
   * Builds a request from the command-line values, validating them in the order and with the texts
   * of docs/compatibility.md, "download flags" (after {@code --to-output-prefix}, which the caller checks
   * first):
   * {@code to-local-dir is required}, {@code from-remote is required}, then {@code --format},
   * {@code --download-mode} and {@code --file-input-layout} (empty means DIRECT), each listing the
   * allowed values once in a fixed order. An input interface that does not parse is ignored with a
   * warning, since Go's copilot never reads it.
   *
   * @param inputInterface the decoded bytes of {@code --input-interface}, or null when not given
   * @throws DownloadException (not recoverable) naming the bad value
   */
  public static DownloadRequest fromFlags(String fromRemote, String toLocalDir, String format, String downloadMode,
      String fileInputLayout, Duration timeout, int concurrency, byte[] inputInterface) {
    if (toLocalDir == null || toLocalDir.isEmpty()) {
      throw DownloadException.invalid(null, null, "to-local-dir is required");
    }
    if (fromRemote == null || fromRemote.isEmpty()) {
      throw DownloadException.invalid(null, null, "from-remote is required");
    }
    MetadataFormat f = choice(MetadataFormat.class, format, "input download format");
    DownloadMode m = choice(DownloadMode.class, downloadMode, "input download mode");
    FileInputLayout l = fileInputLayout == null || fileInputLayout.isEmpty()
        ? FileInputLayout.DIRECT
        : choice(FileInputLayout.class, fileInputLayout, "file input layout");
    Optional<VariableMap> iface = Optional.empty();
    if (inputInterface != null) {
      try {
        iface = Optional.of(VariableMap.parseFrom(inputInterface));
      } catch (InvalidProtocolBufferException e) {
        System.getLogger(DownloadRequest.class.getName()).log(System.Logger.Level.WARNING,
            "--input-interface is not a serialized VariableMap: {0}; ignoring it", ProtoProblems.describe(e));
      }
    }
    return new DownloadRequest(fromRemote, toLocalDir, f, m, l, timeout == null ? DEFAULT_TIMEOUT : timeout,
        concurrency, iface);
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String value, String what) {
    try {
      return Choices.parse(type, value == null ? "" : value, what);
    } catch (IllegalArgumentException e) {
      throw DownloadException.invalid(null, null, e.getMessage());
    }
  }

  public DownloadRequest withFormat(MetadataFormat f) {
    return new DownloadRequest(fromRemote, toLocalDir, f, mode, layout, timeout, concurrency, inputInterface);
  }

  public DownloadRequest withMode(DownloadMode m) {
    return new DownloadRequest(fromRemote, toLocalDir, format, m, layout, timeout, concurrency, inputInterface);
  }

  public DownloadRequest withLayout(FileInputLayout l) {
    return new DownloadRequest(fromRemote, toLocalDir, format, mode, l, timeout, concurrency, inputInterface);
  }

  public DownloadRequest withTimeout(Duration t) {
    return new DownloadRequest(fromRemote, toLocalDir, format, mode, layout, t, concurrency, inputInterface);
  }

  public DownloadRequest withConcurrency(int c) {
    return new DownloadRequest(fromRemote, toLocalDir, format, mode, layout, timeout, c, inputInterface);
  }

  public DownloadRequest withInputInterface(VariableMap i) {
    return new DownloadRequest(fromRemote, toLocalDir, format, mode, layout, timeout, concurrency, Optional.of(i));
  }
}
