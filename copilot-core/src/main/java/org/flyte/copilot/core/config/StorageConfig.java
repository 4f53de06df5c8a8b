package org.flyte.copilot.core.config;

import java.time.Duration;
import java.util.Map;

/**
 * Flyte's {@code storage} section (docs/compatibility.md, "Storage keys"), as far as copilot uses it.
 *
 * @param maxDownloadMBs largest object a read may fetch, 0 = unlimited
 * @param schemes per-scheme backends dialled lazily for references outside the primary store
 */
public record StorageConfig(
    String type,
    String container,
    boolean enableMulticontainer,
    StowConfig stow,
    ConnectionConfig connection,
    long maxDownloadMBs,
    Duration httpTimeout,
    Map<String, StowConfig> schemes) {

  public StorageConfig {
    schemes = Map.copyOf(schemes);
  }
}
