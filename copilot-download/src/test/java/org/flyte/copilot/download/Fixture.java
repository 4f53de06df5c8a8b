package org.flyte.copilot.download;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Literals.LiteralMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flyte.copilot.core.storage.DataReference;
import org.flyte.copilot.core.storage.ObjectStore;
import org.flyte.copilot.core.storage.file.FileStore;

/** A file store with a bucket, an input map in it, and helpers to run a download and compare with golden files. */
final class Fixture {
  final Path dir;
  final FileStore store;

  Fixture(Path dir) {
    this.dir = dir;
    this.store = new FileStore(dir.resolve("store"));
  }

  /** Stores {@code bytes} as {@code file://bucket/<key>} and returns that reference. */
  String put(String key, byte[] bytes) {
    String ref = "file://bucket/" + key;
    store.write(DataReference.parse(ref), bytes);
    return ref;
  }

  String put(String key, String text) {
    return put(key, text.getBytes(StandardCharsets.UTF_8));
  }

  String putInputs(LiteralMap inputs) {
    return put("meta/inputs.pb", inputs.toByteArray());
  }

  String localDir(String name) {
    return dir.resolve(name).toString();
  }

  DownloadResult download(ObjectStore s, DownloadRequest request) {
    return new Downloader(s, Duration.ofMillis(50)).download(request);
  }

  DownloadResult download(DownloadRequest request) {
    return download(store, request);
  }

  static LiteralMap readInputsPb(String localDir) {
    try {
      return LiteralMap.parseFrom(Files.readAllBytes(Path.of(localDir, "inputs.pb")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path golden(String name) {
    URL u = Fixture.class.getResource("/golden/" + name);
    assertThat(u).as("golden case " + name).isNotNull();
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Relative paths of the regular files under {@code root}, sorted. */
  static List<String> files(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The data files under {@code localDir} equal the golden {@code tree/} byte for byte (no more, no
   * fewer), and the metadata file equals the golden one with {@code {{DIR}}} replaced by the directory text.
   */
  static void assertMatchesGolden(String name, String localDir, String metadataFile) throws IOException {
    Path g = golden(name);
    Path local = Path.of(localDir);
    List<String> expected = files(g.resolve("tree"));
    List<String> actual = files(local).stream()
        .filter(f -> !f.equals("inputs.pb") && !f.equals("inputs.json") && !f.equals("inputs.yaml")).toList();
    assertThat(actual).as("files of " + name).containsExactlyElementsOf(expected);
    for (String f : expected) {
      assertThat(Files.readAllBytes(local.resolve(f))).as(name + ": " + f)
          .isEqualTo(Files.readAllBytes(g.resolve("tree").resolve(f)));
    }
    String want = Files.readString(g.resolve(metadataFile)).replace("{{DIR}}", localDir);
    assertThat(Files.readString(local.resolve(metadataFile))).as(name + ": " + metadataFile).isEqualTo(want);
  }
}
