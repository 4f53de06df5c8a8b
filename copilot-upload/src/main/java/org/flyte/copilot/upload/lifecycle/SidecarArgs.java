package org.flyte.copilot.upload.lifecycle;

import org.flyte.copilot.upload.read.LiteralReader;
import org.flyte.copilot.upload.UploadRequest;

import com.google.protobuf.InvalidProtocolBufferException;
import org.flyte.copilot.core.format.ProtobufProblems;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flyte.copilot.core.error.ErrorDocuments;
import org.flyte.copilot.core.iostrategy.Choices;
import org.flyte.copilot.core.iostrategy.MetadataFormat;
import org.flyte.copilot.core.iostrategy.UploadMode;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.text.GoBase64;
import org.flyte.copilot.upload.watch.SignalWatcher;
import org.flyte.copilot.upload.watch.Watchers;
import org.flyte.copilot.core.literal.text.GoStrings;
import org.flyte.copilot.core.literal.LiteralTypes;

/**
 * The {@code copilot sidecar} flags as the user typed them (docs/compatibility.md, "sidecar flags"), every
 * one a string so
 * that a bad value is recorded instead of failing the parse (D3): {@link #validate()} turns them into
 * a {@link SidecarInput}. A null field takes its default. Not thread-safe.
 */
public final class SidecarArgs {
  private String toOutputPrefix = "";
  private String toRawOutput = "";
  private String fromLocalDir = "";
  private String format = MetadataFormat.JSON.name();
  private String uploadMode = UploadMode.UPLOAD_ON_EXIT.name();
  private String metaOutputName = UploadRequest.DEFAULT_META_OUTPUT_NAME;
  private String errOutputName = ErrorDocuments.DEFAULT_NAME;
  private String timeout;
  private String startTimeout;
  private String interfaceBase64;
  private String startWatcherType;
  private String exitWatcherType;
  private String maxSimpleBytes;
  private String concurrency;

  public SidecarArgs toOutputPrefix(String v) {
    toOutputPrefix = v == null ? "" : v;
    return this;
  }

  public SidecarArgs toRawOutput(String v) {
    toRawOutput = v == null ? "" : v;
    return this;
  }

  public SidecarArgs fromLocalDir(String v) {
    fromLocalDir = v == null ? "" : v;
    return this;
  }

  public SidecarArgs format(String v) {
    format = v == null ? MetadataFormat.JSON.name() : v;
    return this;
  }

  public SidecarArgs uploadMode(String v) {
    uploadMode = v == null ? UploadMode.UPLOAD_ON_EXIT.name() : v;
    return this;
  }

  public SidecarArgs metaOutputName(String v) {
    metaOutputName = v == null ? UploadRequest.DEFAULT_META_OUTPUT_NAME : v;
    return this;
  }

  public SidecarArgs errOutputName(String v) {
    errOutputName = v == null ? ErrorDocuments.DEFAULT_NAME : v;
    return this;
  }

  /** {@code --timeout}, Go duration syntax; default 1h (D5). */
  public SidecarArgs timeout(String v) {
    timeout = v;
    return this;
  }

  /** {@code --start-timeout}, the deprecated alias of {@code --timeout}, used when that is absent. */
  public SidecarArgs startTimeout(String v) {
    startTimeout = v;
    return this;
  }

  /** {@code --interface}: standard base64 of a serialized {@code TypedInterface}; null when not given. */
  public SidecarArgs interfaceBase64(String v) {
    interfaceBase64 = v;
    return this;
  }

  public SidecarArgs startWatcherType(String v) {
    startWatcherType = v;
    return this;
  }

  public SidecarArgs exitWatcherType(String v) {
    exitWatcherType = v;
    return this;
  }

  /** Largest simple-value file, in bytes (D10); default 1 MiB. */
  public SidecarArgs maxSimpleBytes(String v) {
    maxSimpleBytes = v;
    return this;
  }

  /** Files uploaded at once; default 8. */
  public SidecarArgs concurrency(String v) {
    concurrency = v;
    return this;
  }

  public String fromLocalDir() {
    return fromLocalDir;
  }

  /**
   * Checks every flag. The interface comes first, as in Go: none, or no outputs, means nothing to
   * do whatever else is wrong. Otherwise every problem is collected.
   */
  public SidecarInput validate() {
    if (interfaceBase64 == null) {
      return new SidecarInput.NothingToUpload("No output interface provided. Assuming Void outputs.");
    }
    List<String> problems = new ArrayList<>();
    TypedInterface iface = null;
    try {
      byte[] bytes = GoBase64.decode(interfaceBase64);
      iface = TypedInterface.parseFrom(bytes);
    } catch (IllegalArgumentException e) {
      problems.add("Bad interface passed, --interface is not valid base64 (" + GoBase64.problem(interfaceBase64) + ")");
    } catch (InvalidProtocolBufferException e) {
      problems.add("Bad interface passed, failed to unmarshal, expected core.TypedInterface: "
          + ProtobufProblems.describe(e));
    }
    if (iface != null && iface.getOutputs().getVariablesCount() == 0) {
      return new SidecarInput.NothingToUpload("The interface declares no outputs. Nothing to upload.");
    }
    MetadataFormat fmt = null;
    UploadMode mode = null;
    try {
      fmt = Choices.parse(MetadataFormat.class, format, "input data format");
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    try {
      mode = Choices.parse(UploadMode.class, uploadMode, "input upload mode");
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    String watcher = watcherType(problems);
    Duration limit = UploadRequest.DEFAULT_TIMEOUT;
    String timeoutFlag = timeout != null ? "--timeout" : "--start-timeout";
    String timeoutText = timeout != null ? timeout : startTimeout;
    if (timeoutText != null) {
      try {
        limit = Duration.ofNanos(GoDurations.parseNanos(timeoutText));
      } catch (IllegalArgumentException e) {
        problems.add("invalid " + timeoutFlag + " " + GoStrings.quote(timeoutText)
            + ": " + e.getMessage());
      }
    }
    long maxBytes = positive(maxSimpleBytes, UploadRequest.DEFAULT_MAX_SIMPLE_BYTES, "--max-simple-bytes", problems);
    long threads = positive(concurrency, UploadRequest.DEFAULT_CONCURRENCY, "--concurrency", problems);
    if (threads > 1024) {
      problems.add("--concurrency must be at most 1024, was " + threads);
    }
    if (fromLocalDir.isEmpty()) {
      problems.add("--from-local-dir is required");
    }
    if (toOutputPrefix.isEmpty()) {
      problems.add("--to-output-prefix is required");
    }
    if (metaOutputName.isEmpty()) {
      problems.add("--meta-output-name must not be empty");
    }
    if (iface != null && toRawOutput.isEmpty() && mode != UploadMode.DO_NOT_UPLOAD) {
      for (var v : iface.getOutputs().getVariablesMap().entrySet()) {
        if (LiteralTypes.holdsBlob(v.getValue().getType())) {
          problems.add("--to-raw-output is required: output \"" + v.getKey() + "\" is "
              + LiteralTypes.describe(v.getValue().getType()) + " and needs a place to upload to");
          break;
        }
      }
    }
    if (!problems.isEmpty()) {
      return new SidecarInput.Invalid(toOutputPrefix, errOutputName, problems, watcher);
    }
    UploadRequest request = new UploadRequest(toOutputPrefix, toRawOutput, Path.of(fromLocalDir), fmt, mode,
        metaOutputName, errOutputName, limit, iface, maxBytes, (int) threads,
        UploadRequest.DEFAULT_EAGER_QUIET_PERIOD, UploadRequest.DEFAULT_EAGER_POLL_INTERVAL);
    return new SidecarInput.Valid(request, watcher);
  }

  /** The exit watcher: {@code --exit-watcher-type} when given, else {@code --start-watcher-type}, else signal. */
  private String watcherType(List<String> problems) {
    String chosen = SignalWatcher.TYPE;
    if (startWatcherType != null) {
      try {
        chosen = Watchers.validate(startWatcherType);
      } catch (IllegalArgumentException e) {
        problems.add("--start-watcher-type: " + e.getMessage());
      }
    }
    if (exitWatcherType != null) {
      try {
        chosen = Watchers.validate(exitWatcherType);
      } catch (IllegalArgumentException e) {
        problems.add("--exit-watcher-type: " + e.getMessage());
      }
    }
    return chosen;
  }

  private static long positive(String text, long dflt, String flag, List<String> problems) {
    if (text == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(text.trim());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(flag + " must be a positive integer, was " + GoStrings.quote(text));
    return dflt;
  }
}
