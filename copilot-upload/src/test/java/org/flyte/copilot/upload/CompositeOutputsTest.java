package org.flyte.copilot.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flyte.copilot.upload.Fixture.FILE;
import static org.flyte.copilot.upload.Fixture.INT;
import static org.flyte.copilot.upload.Fixture.NONE;
import static org.flyte.copilot.upload.Fixture.STR;
import static org.flyte.copilot.upload.Fixture.blob;
import static org.flyte.copilot.upload.Fixture.enumOf;
import static org.flyte.copilot.upload.Fixture.listOf;
import static org.flyte.copilot.upload.Fixture.mapOf;
import static org.flyte.copilot.upload.Fixture.outputs;
import static org.flyte.copilot.upload.Fixture.simple;
import static org.flyte.copilot.upload.Fixture.union;

import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Union;
import flyteidl.core.Literals.Void;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CompositeOutputsTest extends FixtureTestBase {


  static Literal i(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v))).build();
  }

  static Literal s(String v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue(v))).build();
  }

  static Literal list(Literal... items) {
    return Literal.newBuilder().setCollection(LiteralCollection.newBuilder().addAllLiterals(java.util.Arrays.asList(items)))
        .build();
  }

  static Literal map(Object... kv) {
    LiteralMap.Builder m = LiteralMap.newBuilder();
    for (int k = 0; k < kv.length; k += 2) {
      m.putLiterals((String) kv[k], (Literal) kv[k + 1]);
    }
    return Literal.newBuilder().setMap(m).build();
  }

  static Literal u(Literal value, LiteralType type) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setUnion(Union.newBuilder().setValue(value).setType(type)))
        .build();
  }

  static Literal none() {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance())).build();
  }

  static Literal file(String uri) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri(uri)
        .setMetadata(BlobMetadata.newBuilder().setType(FILE.getBlob())))).build();
  }

  @Test
  void collectionDirectory_readsElementsInIndexOrder() {
    for (int k = 0; k < 12; k++) {
      f.write("xs/" + k, Integer.toString(k * 10));
    }
    LiteralMap m = f.upload(outputs("xs", listOf(INT)));
    assertThat(m.getLiteralsOrThrow("xs")).isEqualTo(list(i(0), i(10), i(20), i(30), i(40), i(50), i(60), i(70), i(80),
        i(90), i(100), i(110)));
  }

  @Test
  void collectionOfFiles_uploadsEachElementUnderItsIndex() {
    f.write("files/0.csv", "zero");
    f.write("files/1.csv", "one");
    LiteralMap m = f.upload(outputs("files", listOf(FILE)));
    assertThat(m.getLiteralsOrThrow("files")).isEqualTo(list(file(Fixture.RAW + "/files/0"), file(Fixture.RAW + "/files/1")));
    assertThat(f.raw("files/0")).isEqualTo("zero");
    assertThat(f.raw("files/1")).isEqualTo("one");
  }

  @Test
  void collectionFile_jsonAndYamlArrays() {
    f.write("a.json", "[1, 2, 3]");
    f.write("b.yaml", "- x\n- y\n");
    f.write("c", "[[1], [], [2, 3]]");
    f.write("e", "[]");
    LiteralMap m = f.upload(outputs("a", listOf(INT), "b", listOf(STR), "c", listOf(listOf(INT)), "e", listOf(STR)));
    assertThat(m.getLiteralsOrThrow("a")).isEqualTo(list(i(1), i(2), i(3)));
    assertThat(m.getLiteralsOrThrow("b")).isEqualTo(list(s("x"), s("y")));
    assertThat(m.getLiteralsOrThrow("c")).isEqualTo(list(list(i(1)), list(), list(i(2), i(3))));
    assertThat(m.getLiteralsOrThrow("e")).isEqualTo(list());
  }

  @Test
  void collectionWithAGap_namesTheMissingElement() {
    f.write("xs/0", "1");
    f.write("xs/2", "3");
    assertThatThrownBy(() -> f.upload(outputs("xs", listOf(INT))))
        .hasMessage("output \"xs\"[1] (" + f.outDir.resolve("xs/1") + "): element 1 is missing: a list directory with 3"
            + " elements must hold 0 to 2");
  }

  @Test
  void collectionOfOptionals_treatsAGapAsNone() {
    f.write("xs/0", "1");
    f.write("xs/2", "3");
    LiteralType opt = union(INT, NONE);
    LiteralMap m = f.upload(outputs("xs", listOf(opt)));
    assertThat(m.getLiteralsOrThrow("xs")).isEqualTo(list(u(i(1), INT), u(none(), NONE), u(i(3), INT)));
  }

  @Test
  void collectionDirectoryWithAStrangeEntry_isAnError() {
    f.write("xs/0", "1");
    f.write("xs/notes.txt", "?");
    assertThatThrownBy(() -> f.upload(outputs("xs", listOf(INT))))
        .hasMessageContaining("unexpected entry " + f.outDir.resolve("xs/notes.txt") + " in a list directory");
  }

  @Test
  void mapDirectoryAndFiles() {
    f.write("m/alpha", "1");
    f.write("m/b.txt", "2");
    f.write("j.json", "{\"k\": [\"v\"], \"l\": []}");
    f.write("y.yml", "k: 3\n");
    f.write("nested/outer/inner", "7");
    LiteralMap m = f.upload(outputs("m", mapOf(INT), "j", mapOf(listOf(STR)), "y", mapOf(INT),
        "nested", mapOf(mapOf(INT))));
    assertThat(m.getLiteralsOrThrow("m")).isEqualTo(map("alpha", i(1), "b.txt", i(2)));
    assertThat(m.getLiteralsOrThrow("j")).isEqualTo(map("k", list(s("v")), "l", list()));
    assertThat(m.getLiteralsOrThrow("y")).isEqualTo(map("k", i(3)));
    assertThat(m.getLiteralsOrThrow("nested")).isEqualTo(map("outer", map("inner", i(7))));
  }

  @Test
  void mapOfDirectories_uploadsEachUnderItsKey() {
    f.write("dirs/first/a.txt", "A");
    f.write("dirs/second/b/c.txt", "C");
    LiteralType dir = blob("", BlobDimensionality.MULTIPART);
    LiteralMap m = f.upload(outputs("dirs", mapOf(dir)));
    assertThat(m.getLiteralsOrThrow("dirs").getMap().getLiteralsOrThrow("second").getScalar().getBlob().getUri())
        .isEqualTo(Fixture.RAW + "/dirs/second");
    assertThat(f.raw("dirs/first/a.txt")).isEqualTo("A");
    assertThat(f.raw("dirs/second/b/c.txt")).isEqualTo("C");
  }

  @Test
  void optional_missingEmptyOrNullIsNone_otherwiseTheValue() {
    LiteralType opt = union(INT, NONE);
    f.write("present", "5");
    f.write("nul", "null\n");
    f.write("empty", "");
    LiteralMap m = f.upload(outputs("present", opt, "nul", opt, "empty", opt, "missing", opt));
    assertThat(m.getLiteralsOrThrow("present")).isEqualTo(u(i(5), INT));
    assertThat(m.getLiteralsOrThrow("nul")).isEqualTo(u(none(), NONE));
    assertThat(m.getLiteralsOrThrow("empty")).isEqualTo(u(none(), NONE));
    assertThat(m.getLiteralsOrThrow("missing")).isEqualTo(u(none(), NONE));
  }

  @Test
  void optionalWithGarbage_isAnErrorNotNone() {
    f.write("x", "abc");
    assertThatThrownBy(() -> f.upload(outputs("x", union(INT, NONE))))
        .hasMessageContaining("no variant of the union reads the value: INTEGER: ")
        .hasMessageContaining("strconv.ParseInt: parsing \"abc\": invalid syntax");
  }

  @Test
  void union_firstVariantThatParsesWins() {
    LiteralType u = union(INT, simple(SimpleType.FLOAT), STR);
    f.write("a", "3");
    f.write("b", "3.5");
    f.write("c", "three");
    LiteralMap m = f.upload(outputs("a", u, "b", u, "c", u));
    assertThat(m.getLiteralsOrThrow("a")).isEqualTo(u(i(3), INT));
    assertThat(m.getLiteralsOrThrow("b")).isEqualTo(u(Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setPrimitive(Primitive.newBuilder().setFloatValue(3.5))).build(), simple(SimpleType.FLOAT)));
    assertThat(m.getLiteralsOrThrow("c")).isEqualTo(u(s("three"), STR));
  }

  @Test
  void unionOfFileAndInt_uploadsOnlyForTheWinningVariant() throws Exception {
    LiteralType u = union(INT, FILE);
    f.write("n", "12");
    f.write("f", "not a number");
    LiteralMap m = f.upload(outputs("n", u, "f", u));
    assertThat(m.getLiteralsOrThrow("n")).isEqualTo(u(i(12), INT));
    assertThat(m.getLiteralsOrThrow("f")).isEqualTo(u(file(Fixture.RAW + "/f"), FILE));
    assertThat(f.raw("f")).isEqualTo("not a number");
    assertThat(f.store.head(org.flyte.copilot.core.storage.DataReference.parse(Fixture.RAW + "/n"))).isEmpty();
  }

  @Test
  void enum_valueMustBeDeclared() {
    f.write("ok", "green\n");
    LiteralMap m = f.upload(outputs("ok", enumOf("red", "green")));
    assertThat(m.getLiteralsOrThrow("ok")).isEqualTo(s("green"));

    Path p = f.write("bad", "purple");
    assertThatThrownBy(() -> f.upload(outputs("bad", enumOf("red", "green"))))
        .hasMessage("output \"bad\" (" + p + "): the value \"purple\" is not one of the declared enum values [red, green]");
  }

  @Test
  void variableNameLeavingTheDirectory_isRejected() {
    assertThatThrownBy(() -> f.upload(outputs("../x", INT)))
        .hasMessageContaining("the name \"../x\" would leave the directory " + f.outDir);
  }
}
