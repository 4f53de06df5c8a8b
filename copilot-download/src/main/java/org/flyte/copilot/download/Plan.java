package org.flyte.copilot.download;

import java.util.ArrayList;
import java.util.List;
import org.flyte.copilot.core.storage.DataReference;

/**
 * Everything a download writes, worked out before anything is written: directories, small files
 * whose bytes are known, single objects to copy and prefixes to list and copy. Built by one thread.
 */
final class Plan {
  /** A file whose content is already known (a primitive's text, binary bytes, JSON). */
  record FileWrite(String variable, LocalPath target, byte[] bytes) {}

  /** One remote object to copy to {@code target}. */
  record ObjectCopy(String variable, String uri, DataReference ref, LocalPath target) {}

  /** Every object below {@code uri/} to copy into the directory {@code target}, keeping nested paths. */
  record PrefixCopy(String variable, String uri, DataReference ref, LocalPath target) {}

  /** A directory to create (a collection, a map, a NAMED_DIR variable directory). */
  record Directory(String variable, LocalPath target) {}

  final List<Directory> directories = new ArrayList<>();
  final List<FileWrite> files = new ArrayList<>();
  final List<ObjectCopy> objects = new ArrayList<>();
  final List<PrefixCopy> prefixes = new ArrayList<>();
}
