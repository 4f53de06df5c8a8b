package org.flyte.copilot.upload.locate;

import org.flyte.copilot.upload.UploadException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The storage work an upload needs, gathered while reading the outputs so that nothing is
 * uploaded before every output has been read: single files and directory trees to upload, and
 * remote references to verify. A directory tree is checked and counted when planned but its files
 * are listed again, one at a time, when it is uploaded: a 100,000-file output holds no object per
 * file. Not thread-safe.
 */
public final class UploadPlan {
  /** One local file to store at {@code reference}; {@code real} is read only through {@code volume}. */
  public record FileUpload(String variable, Path path, Path real, String reference, VolumeFiles volume) {}

  /** Every regular file below {@code dir}, stored below {@code reference} with nested paths kept. */
  record TreeUpload(Site site, Entry dir, String reference, OutputLocator locator, long count) {
    /** The files of the tree, found one at a time (the tree is listed again). */
    Iterator<FileUpload> walk() {
      return new TreeWalk(site, dir, reference, locator);
    }
  }

  /** A reference the container wrote itself (DO_NOT_UPLOAD) that must exist. */
  public record RemoteCheck(Site site, String reference) {}

  private final List<FileUpload> singles = new ArrayList<>();
  private final List<TreeUpload> trees = new ArrayList<>();
  private final List<RemoteCheck> checks = new ArrayList<>();

  public void upload(String variable, Path path, Path real, String reference, VolumeFiles volume) {
    singles.add(new FileUpload(variable, path, real, reference, volume));
  }

  /** Plans every file below {@code dir}; walks the tree once now, so a bad entry fails before any upload. */
  public void uploadTree(Site site, Entry dir, String reference, OutputLocator locator) {
    long n = 0;
    for (Iterator<FileUpload> it = new TreeWalk(site, dir, reference, locator); it.hasNext(); it.next()) {
      n++;
    }
    trees.add(new TreeUpload(site, dir, reference, locator, n));
  }

  public void verifyExists(Site site, String reference) {
    checks.add(new RemoteCheck(site, reference));
  }

  /** Adds what {@code other} (a plan for a value that was accepted) holds. */
  public void addAll(UploadPlan other) {
    singles.addAll(other.singles);
    trees.addAll(other.trees);
    checks.addAll(other.checks);
  }

  /** Every file to upload: the single files, then each tree's, listed as they are consumed. */
  public Iterable<FileUpload> uploads() {
    return () -> new Iterator<>() {
      private final Iterator<FileUpload> single = singles.iterator();
      private final Iterator<TreeUpload> tree = trees.iterator();
      private Iterator<FileUpload> current = single;

      @Override
      public boolean hasNext() {
        while (!current.hasNext()) {
          if (!tree.hasNext()) {
            return false;
          }
          current = tree.next().walk();
        }
        return true;
      }

      @Override
      public FileUpload next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** How many files {@link #uploads()} yields (as planned; a tree changed since is found when uploaded). */
  public long count() {
    long n = singles.size();
    for (TreeUpload t : trees) {
      n += t.count();
    }
    return n;
  }

  public List<RemoteCheck> checks() {
    return checks;
  }

  /**
   * Fails when two planned files would share one object (one output would point at the other's
   * data): two single files at one reference, or a file or tree at or below another tree's reference.
   */
  public void requireDistinctReferences() {
    Map<String, String> owners = new HashMap<>();
    NavigableMap<String, String> all = new TreeMap<>();
    for (FileUpload u : singles) {
      String first = owners.putIfAbsent(u.reference(), describe(u.variable(), u.path()));
      if (first != null) {
        throw collision(first, describe(u.variable(), u.path()), u.reference());
      }
      all.put(u.reference(), describe(u.variable(), u.path()));
    }
    for (TreeUpload t : trees) {
      String mine = describe(t.site().variable(), t.dir().path());
      String first = all.putIfAbsent(t.reference(), mine);
      if (first != null) {
        throw collision(first, mine, t.reference());
      }
    }
    for (TreeUpload t : trees) {
      // everything strictly below the tree's reference sorts between "<ref>/" and "<ref>0"
      Map.Entry<String, String> inside = all.ceilingEntry(t.reference() + "/");
      if (inside != null && inside.getKey().compareTo(t.reference() + "0") < 0) {
        throw collision(describe(t.site().variable(), t.dir().path()), inside.getValue(), inside.getKey());
      }
    }
  }

  private static String describe(String variable, Path path) {
    return "output \"" + variable + "\" (" + path + ")";
  }

  private static UploadException collision(String first, String second, String reference) {
    return new UploadException(first + " and " + second + " would both be uploaded to " + reference
        + "; rename the map keys or files so that every file gets its own object");
  }
}
