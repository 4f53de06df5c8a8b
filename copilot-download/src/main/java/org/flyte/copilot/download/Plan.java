package org.flyte.copilot.download;

import org.flyte.copilot.core.storage.DataReference;

/** What the download copies from storage that is more than one object. */
final class Plan {
  private Plan() {}

  /** Every object below {@code uri/} to copy into the directory {@code target}, keeping nested paths. */
  record PrefixCopy(String variable, String uri, DataReference ref, LocalPath target) {}
}
