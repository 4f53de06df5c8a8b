package org.flyte.copilot.upload;

import flyteidl.core.Interface.TypedInterface;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
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
    return new Builder(toOutputPrefix, toRawOutput, fromLocalDir, iface).build();
  }

  /** A copy of this request with the changes {@code edit} makes, e.g. {@code r.with(b -> b.concurrency = 3)}. */
  public UploadRequest with(Consumer<Builder> edit) {
    Builder b = new Builder(this);
    edit.accept(b);
    return b.build();
  }

  public UploadRequest withFormat(MetadataFormat v) {
    return with(b -> b.format = v);
  }

  /**
   * The values of a request, open to change; {@link #build()} validates them. Fields left alone keep
   * the request's values, or the defaults for a new one.
   */
  public static final class Builder {
    public String toOutputPrefix;
    public String toRawOutput;
    public Path fromLocalDir;
    public MetadataFormat format = MetadataFormat.JSON;
    public UploadMode uploadMode = UploadMode.UPLOAD_ON_EXIT;
    public String metaOutputName = DEFAULT_META_OUTPUT_NAME;
    public String errOutputName = ErrorDocuments.DEFAULT_NAME;
    public Duration timeout = DEFAULT_TIMEOUT;
    public TypedInterface typedInterface;
    public long maxSimpleBytes = DEFAULT_MAX_SIMPLE_BYTES;
    public int concurrency = DEFAULT_CONCURRENCY;
    public Duration eagerQuietPeriod = DEFAULT_EAGER_QUIET_PERIOD;
    public Duration eagerPollInterval = DEFAULT_EAGER_POLL_INTERVAL;

    private Builder(String toOutputPrefix, String toRawOutput, Path fromLocalDir, TypedInterface typedInterface) {
      this.toOutputPrefix = toOutputPrefix;
      this.toRawOutput = toRawOutput;
      this.fromLocalDir = fromLocalDir;
      this.typedInterface = typedInterface;
    }

    private Builder(UploadRequest r) {
      this(r.toOutputPrefix, r.toRawOutput, r.fromLocalDir, r.typedInterface);
      format = r.format;
      uploadMode = r.uploadMode;
      metaOutputName = r.metaOutputName;
      errOutputName = r.errOutputName;
      timeout = r.timeout;
      maxSimpleBytes = r.maxSimpleBytes;
      concurrency = r.concurrency;
      eagerQuietPeriod = r.eagerQuietPeriod;
      eagerPollInterval = r.eagerPollInterval;
    }

    public UploadRequest build() {
      return new UploadRequest(toOutputPrefix, toRawOutput, fromLocalDir, format, uploadMode, metaOutputName,
          errOutputName, timeout, typedInterface, maxSimpleBytes, concurrency, eagerQuietPeriod, eagerPollInterval);
    }
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
