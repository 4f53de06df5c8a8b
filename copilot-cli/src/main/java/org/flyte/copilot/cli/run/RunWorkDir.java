package org.flyte.copilot.cli.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder of one local run: {@code inputs/} (the download step's target) and {@code outputs/} (what
 * the command leaves for the sidecar step). A folder given with {@code --work-dir} is reused only when
 * an earlier run made it (a marker file says so); its {@code inputs/} and {@code outputs/} are emptied
 * first, so a run never reports what an earlier run left behind.
 */
public final class RunWorkDir {
  static final String MARKER = ".copilot-run";

  private final Path root;
  private final boolean temporary;

  private RunWorkDir(Path root, boolean temporary) {
    this.root = root;
    this.temporary = temporary;
  }

  /** A new temporary folder, or {@code dir} made ready for this run. */
  public static RunWorkDir prepare(Path dir) throws IOException {
    if (dir == null) {
      return init(new RunWorkDir(Files.createTempDirectory("copilot-run-"), true));
    }
    RunWorkDir w = new RunWorkDir(dir.toAbsolutePath().normalize(), false);
    Files.createDirectories(w.root);
    boolean ours = Files.exists(w.root.resolve(MARKER));
    for (Path sub : new Path[] {w.inputs(), w.outputs()}) {
      if (Files.isDirectory(sub) && !isEmpty(sub) && !ours) {
        throw new IllegalArgumentException("--work-dir " + dir + ": " + sub.getFileName() + "/ is not empty and "
            + "was not made by copilot run; choose another folder or empty it");
      }
      deleteTree(sub);
    }
    return init(w);
  }

  private static RunWorkDir init(RunWorkDir w) throws IOException {
    Files.writeString(w.root.resolve(MARKER), "made by copilot run; inputs/ and outputs/ are emptied by the next run\n");
    Files.createDirectories(w.inputs());
    Files.createDirectories(w.outputs());
    return w;
  }

  public Path root() {
    return root;
  }

  public Path inputs() {
    return root.resolve("inputs");
  }

  public Path outputs() {
    return root.resolve("outputs");
  }

  public boolean temporary() {
    return temporary;
  }

  /** Lets a container that runs as another user write its outputs (an emptyDir is world-writable too). */
  void openToAllUsers() throws IOException {
    for (Path p : new Path[] {inputs(), outputs()}) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
  }

  /** Removes the folder; best effort (a container may have left files this user cannot delete). */
  public boolean delete() {
    try {
      deleteTree(root);
      return true;
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }
}
