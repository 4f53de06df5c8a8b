package org.flyte.copilot.upload;

import flyteidl.core.Interface.TypedInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.flyte.copilot.core.error.ErrorDocuments;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.iostrategy.UploadMode;

/**
 * What the sidecar uploads and where (docs/compatibility.md, "sidecar flags"): the declared outputs, the
 * local directory
 * the main container writes them to, the raw-data prefix for blobs and the prefix for
 * {@code outputs.pb} and the error document. Immutable.
 *
 * @param timeout bounds the upload after the exit signal; zero or negative means no deadline
 * @param maxSimpleBytes largest file read as a simple value, a collection/map/struct value file, or
 *     a DO_NOT_UPLOAD reference (D10)
 * @param concurrency files uploaded at once
 * @param eagerQuietPeriod UPLOAD_EAGER: how long a blob output must stay unchanged to count as complete
 * @param eagerPollInterval UPLOAD_EAGER: how often the output directory is examined before the exit
 */
public record UploadRequest(
    String toOutputPrefix,
    String toRawOutput,
    Path fromLocalDir,
    MetadataFormat format,
    UploadMode uploadMode,
    String metaOutputName,
    String errOutputName,
    Duration timeout,
    TypedInterface typedInterface,
    long maxSimpleBytes,
    int concurrency,
    Duration eagerQuietPeriod,
    Duration eagerPollInterval) {

  public static final String DEFAULT_META_OUTPUT_NAME = "outputs.pb";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  public static final long DEFAULT_MAX_SIMPLE_BYTES = 1024L * 1024L;
  public static final int DEFAULT_CONCURRENCY = 8;
  public static final Duration DEFAULT_EAGER_QUIET_PERIOD = Duration.ofSeconds(5);
  public static final Duration DEFAULT_EAGER_POLL_INTERVAL = Duration.ofSeconds(1);

  public UploadRequest {
    Objects.requireNonNull(toOutputPrefix, "toOutputPrefix");
    Objects.requireNonNull(toRawOutput, "toRawOutput");
    Objects.requireNonNull(fromLocalDir, "fromLocalDir");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(uploadMode, "uploadMode");
    Objects.requireNonNull(metaOutputName, "metaOutputName");
    Objects.requireNonNull(errOutputName, "errOutputName");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(typedInterface, "typedInterface");
    Objects.requireNonNull(eagerQuietPeriod, "eagerQuietPeriod");
    Objects.requireNonNull(eagerPollInterval, "eagerPollInterval");
    if (maxSimpleBytes <= 0) {
      throw new IllegalArgumentException("maxSimpleBytes must be positive, was " + maxSimpleBytes);
    }
    if (concurrency <= 0) {
      throw new IllegalArgumentException("concurrency must be positive, was " + concurrency);
    }
  }

  /** A request with every default (JSON, UPLOAD_ON_EXIT, outputs.pb, error.pb, 1h, 1 MiB, 8 files at once). */
  public static UploadRequest of(String toOutputPrefix, String toRawOutput, Path fromLocalDir, TypedInterface iface) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, MetadataFormat.JSON, UploadMode.UPLOAD_ON_EXIT,
        DEFAULT_META_OUTPUT_NAME, ErrorDocuments.DEFAULT_NAME, DEFAULT_TIMEOUT, iface, DEFAULT_MAX_SIMPLE_BYTES,
        DEFAULT_CONCURRENCY, DEFAULT_EAGER_QUIET_PERIOD, DEFAULT_EAGER_POLL_INTERVAL);
  }

  public UploadRequest withFormat(MetadataFormat v) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, v, uploadMode, metaOutputName,
        errOutputName, timeout, typedInterface, maxSimpleBytes, concurrency, eagerQuietPeriod, eagerPollInterval);
  }

  public UploadRequest withUploadMode(UploadMode v) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, v, metaOutputName,
        errOutputName, timeout, typedInterface, maxSimpleBytes, concurrency, eagerQuietPeriod, eagerPollInterval);
  }

  public UploadRequest withMetaOutputName(String v) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, uploadMode, v,
        errOutputName, timeout, typedInterface, maxSimpleBytes, concurrency, eagerQuietPeriod, eagerPollInterval);
  }

  public UploadRequest withErrOutputName(String v) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, uploadMode, metaOutputName,
        v, timeout, typedInterface, maxSimpleBytes, concurrency, eagerQuietPeriod, eagerPollInterval);
  }

  public UploadRequest withTimeout(Duration v) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, uploadMode, metaOutputName,
        errOutputName, v, typedInterface, maxSimpleBytes, concurrency, eagerQuietPeriod, eagerPollInterval);
  }

  public UploadRequest withMaxSimpleBytes(long v) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, uploadMode, metaOutputName,
        errOutputName, timeout, typedInterface, v, concurrency, eagerQuietPeriod, eagerPollInterval);
  }

  public UploadRequest withConcurrency(int v) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, uploadMode, metaOutputName,
        errOutputName, timeout, typedInterface, maxSimpleBytes, v, eagerQuietPeriod, eagerPollInterval);
  }

  public UploadRequest withEager(Duration quietPeriod, Duration pollInterval) {
    return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, uploadMode, metaOutputName,
        errOutputName, timeout, typedInterface, maxSimpleBytes, concurrency, quietPeriod, pollInterval);
  }

  /** {@code ConstructReference(toOutputPrefix, metaOutputName)}. */
  public String outputsReference() {
    return org.flyte.copilot.core.storage.DataReference.construct(toOutputPrefix, metaOutputName);
  }

  /** {@code ConstructReference(toOutputPrefix, errOutputName)}. */
  public String errorReference() {
    return org.flyte.copilot.core.storage.DataReference.construct(toOutputPrefix, errOutputName);
  }
}
