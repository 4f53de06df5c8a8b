package org.flyte.copilot.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.flyte.copilot.core.testing.RandomBytes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ObjectStore} backend must show. A subclass supplies the store and a base
 * reference; every test works under its own fresh prefix below that base.
 */
public abstract class ObjectStoreContract {
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  /** The store under test; may be shared by all tests of the class. */
  protected abstract ObjectStore store();

  /** A reference under which the tests may write, e.g. {@code s3://bucket} or {@code s3://bucket/run1}. */
  protected abstract DataReference base();

  @TempDir protected Path tmp;

  /** This test's own empty prefix. */
  protected DataReference root;

  @BeforeEach
  void newPrefix() {
    root = base().child("t" + PREFIXES.incrementAndGet() + "-" + ProcessHandle.current().pid());
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Uploads {@code size} random bytes (always the same ones) from a file to {@code ref}; returns them. */
  protected byte[] writeRandomFile(DataReference ref, int size) throws IOException {
    byte[] data = RandomBytes.of(size, 5);
    Path source = tmp.resolve("random-" + size + ".bin");
    Files.write(source, data);
    store().write(ref, source);
    return data;
  }

  protected static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> keysUnder(DataReference prefix) {
    return store().list(prefix).map(i -> i.reference().key()).sorted().toList();
  }

  @Test
  void head_existingObject_givesSizeAndReference() {
    DataReference ref = root.child("a.txt");
    store().write(ref, bytes("hello world"));

    Optional<ObjectInfo> info = store().head(ref);

    assertThat(info).isPresent();
    assertThat(info.get().size()).isEqualTo(11);
    assertThat(info.get().reference()).isEqualTo(ref);
    assertThat(info.get().etag()).isNotNull();
  }

  @Test
  void head_missingObject_isEmpty() {
    assertThat(store().head(root.child("missing.txt"))).isEmpty();
  }

  @Test
  void read_givesTheWrittenBytes() {
    DataReference ref = root.child("dir/b.bin");
    byte[] data = new byte[70_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    store().write(ref, data);

    assertThat(readAll(store().read(ref))).isEqualTo(data);
    assertThat(store().readAllBytes(ref)).isEqualTo(data);
  }

  @Test
  void read_missingObject_failsNamingTheReference() {
    DataReference ref = root.child("nope/missing.txt");

    assertThatThrownBy(() -> readAll(store().read(ref)))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining(ref.toString());
  }

  @Test
  void readRange_givesTheRequestedSlice() {
    DataReference ref = root.child("range.txt");
    store().write(ref, bytes("0123456789"));

    assertThat(readAll(store().readRange(ref, 2, 3))).isEqualTo(bytes("234"));
    assertThat(readAll(store().readRange(ref, 0, 1))).isEqualTo(bytes("0"));
    assertThat(readAll(store().readRange(ref, 7, 100))).isEqualTo(bytes("789"));
    assertThat(readAll(store().readRange(ref, 0, 10))).isEqualTo(bytes("0123456789"));
  }

  @Test
  void readRangeOfAVersion_readsItWhileUnchanged_andRefusesAnotherVersion() throws Exception {
    DataReference ref = root.child("pinned.txt");
    store().write(ref, bytes("first version"));
    String etag = store().head(ref).orElseThrow().etag();

    assertThat(readAll(store().readRange(ref, 6, 7, etag))).isEqualTo(bytes("version"));
    assertThat(readAll(store().readRange(ref, 0, 13, etag))).isEqualTo(bytes("first version"));
    assertThat(readAll(store().readRange(ref, 0, 5, ""))).as("no tag: any version").isEqualTo(bytes("first"));

    Thread.sleep(5); // a store whose tag comes from the modification time needs it to move on
    store().write(ref, bytes("second version!"));
    assertThatThrownBy(() -> readAll(store().readRange(ref, 0, 6, etag)))
        .isInstanceOf(ObjectChangedException.class)
        .hasMessageContaining(ref.toString());
  }

  @Test
  void readRange_missingObject_failsNamingTheReference() {
    DataReference ref = root.child("missing-range.txt");

    assertThatThrownBy(() -> readAll(store().readRange(ref, 0, 4)))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining(ref.toString());
  }

  @Test
  void writeFile_thenOverwriteFromStream_keepsTheLastContent() throws IOException {
    DataReference ref = root.child("over.txt");
    Path file = tmp.resolve("source.txt");
    Files.writeString(file, "first version, longer than the second");

    store().write(ref, file);
    assertThat(store().readAllBytes(ref)).isEqualTo(Files.readAllBytes(file));

    byte[] second = bytes("second");
    store().write(ref, new ByteArrayInputStream(second), second.length);
    assertThat(store().readAllBytes(ref)).isEqualTo(second);
    assertThat(store().head(ref).orElseThrow().size()).isEqualTo(6);
  }

  @Test
  void readTo_copiesIntoAFile() throws IOException {
    DataReference ref = root.child("to-file.txt");
    store().write(ref, bytes("copied"));
    Path target = tmp.resolve("target.txt");

    store().readTo(ref, target);

    assertThat(Files.readString(target)).isEqualTo("copied");
  }

  @Test
  void emptyObject_roundTrips() throws IOException {
    DataReference ref = root.child("empty");
    Path file = tmp.resolve("empty");
    Files.createFile(file);

    store().write(ref, file);

    assertThat(store().head(ref).orElseThrow().size()).isZero();
    assertThat(store().readAllBytes(ref)).isEmpty();
    DataReference fromStream = root.child("empty-stream");
    store().write(fromStream, new byte[0]);
    assertThat(store().readAllBytes(fromStream)).isEmpty();
  }

  @Test
  void keysWithSpacesAndUnicode_roundTripAndList() {
    List<String> names = List.of("my file.txt", "ünïcødé/日本語 ファイル.txt", "plus+sign=eq,comma.txt");
    for (String n : names) {
      store().write(root.child(n), bytes("content of " + n));
    }
    for (String n : names) {
      DataReference ref = root.child(n);
      assertThat(store().readAllBytes(ref)).isEqualTo(bytes("content of " + n));
      assertThat(store().head(ref).orElseThrow().size()).isEqualTo(bytes("content of " + n).length);
      // the reference survives its string form
      assertThat(store().readAllBytes(DataReference.parse(ref.toUri()))).isEqualTo(bytes("content of " + n));
    }
    assertThat(keysUnder(root)).containsExactlyInAnyOrderElementsOf(
        names.stream().map(n -> root.key() + "/" + n).toList());
  }

  @Test
  void list_isRecursiveAndStaysUnderThePrefixDirectory() {
    DataReference abc = root.child("abc");
    store().write(abc.child("one.txt"), bytes("1"));
    store().write(abc.child("sub/two.txt"), bytes("22"));
    store().write(abc.child("sub/deeper/three.txt"), bytes("333"));
    store().write(root.child("abcdef/sibling.txt"), bytes("x"));
    store().write(root.child("abc.txt"), bytes("x"));

    List<ObjectInfo> infos = store().list(abc).toList();

    assertThat(infos).extracting(i -> i.reference().key()).containsExactlyInAnyOrder(
        abc.key() + "/one.txt", abc.key() + "/sub/two.txt", abc.key() + "/sub/deeper/three.txt");
    assertThat(infos).extracting(ObjectInfo::size).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(infos).allSatisfy(i -> {
      assertThat(i.reference().scheme()).isEqualTo(abc.scheme());
      assertThat(i.reference().container()).isEqualTo(abc.container());
    });
    // a trailing slash in the prefix changes nothing
    assertThat(keysUnder(DataReference.parse(abc.toUri() + "/"))).hasSize(3);
  }

  @Test
  void list_missingPrefix_isEmpty() {
    assertThat(store().list(root.child("nothing-here")).toList()).isEmpty();
  }

  @Test
  void listPage_smallPages_coverEverythingOnce() {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      DataReference ref = root.child("paged/f" + i + ".txt");
      store().write(ref, bytes("p" + i));
      expected.add(ref.key());
    }

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ListPage page = store().listPage(root.child("paged"), token, 3);
      assertThat(page.objects()).hasSizeLessThanOrEqualTo(3);
      page.objects().forEach(o -> seen.add(o.reference().key()));
      token = page.nextToken();
      pages++;
      assertThat(pages).as("pages").isLessThan(20);
    } while (token != null);

    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  @Test
  void delete_removesTheObject_andMissingIsNoError() {
    DataReference ref = root.child("gone.txt");
    store().write(ref, bytes("bye"));

    store().delete(ref);

    assertThat(store().head(ref)).isEmpty();
    assertThat(keysUnder(root)).isEmpty();
    store().delete(ref);
    store().delete(root.child("never-existed.txt"));
  }
}
