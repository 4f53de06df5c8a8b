package org.flyte.copilot.upload.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Creates the watcher named by {@code --start-watcher-type}/{@code --exit-watcher-type} (D14). */
public final class Watchers {
  /** Accepted watcher types, in the order error messages list them. */
  public static final List<String> TYPES = List.of(SignalWatcher.TYPE, NoopWatcher.TYPE, FileWatcher.TYPE);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private Watchers() {}

  /** Fails with the allowed values unless {@code type} is one of {@link #TYPES}. */
  public static String validate(String type) {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unsupported watcher type [" + type + "], allowed values: "
          + String.join(", ", TYPES));
    }
    return type;
  }

  /**
   * The watcher for {@code type}; {@code signal} returns {@code termination} itself, {@code file}
   * polls {@code outputDir} and also stops at {@code termination}.
   */
  public static ContainerWatcher create(String type, Path outputDir, SignalWatcher termination) {
    return switch (validate(type)) {
      case SignalWatcher.TYPE -> termination != null ? termination : SignalWatcher.install();
      case NoopWatcher.TYPE -> new NoopWatcher();
      case FileWatcher.TYPE -> new FileWatcher(outputDir, DEFAULT_POLL_INTERVAL, termination);
      default -> throw new IllegalStateException(type);
    };
  }
}
