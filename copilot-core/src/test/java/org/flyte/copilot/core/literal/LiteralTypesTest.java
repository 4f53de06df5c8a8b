package org.flyte.copilot.core.literal;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SchemaType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.UnionType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiteralTypesTest {
  private static final LiteralType INT = simple(SimpleType.INTEGER);
  private static final LiteralType NONE = simple(SimpleType.NONE);
  private static final LiteralType CSV = LiteralType.newBuilder()
      .setBlob(BlobType.newBuilder().setFormat("csv").setDimensionality(BlobDimensionality.SINGLE)).build();
  private static final LiteralType DIR = LiteralType.newBuilder()
      .setBlob(BlobType.newBuilder().setDimensionality(BlobDimensionality.MULTIPART)).build();
  private static final LiteralType SCHEMA = LiteralType.newBuilder().setSchema(SchemaType.getDefaultInstance()).build();
  private static final LiteralType DATASET = LiteralType.newBuilder()
      .setStructuredDatasetType(StructuredDatasetType.newBuilder().setFormat("parquet")).build();
  private static final LiteralType COLOUR = LiteralType.newBuilder()
      .setEnumType(EnumType.newBuilder().addValues("red").addValues("blue")).build();

  @Test
  void describe_namesEveryKindForUploadMessages() {
    assertThat(LiteralTypes.describe(list(INT))).isEqualTo("list of INTEGER");
    assertThat(LiteralTypes.describe(map(CSV))).isEqualTo("map of SINGLE blob (format csv)");
    assertThat(LiteralTypes.describe(union(INT, NONE))).isEqualTo("union of INTEGER, NONE");
    assertThat(LiteralTypes.describe(COLOUR)).isEqualTo("enum [red, blue]");
    assertThat(LiteralTypes.describe(SCHEMA)).isEqualTo("schema");
    assertThat(LiteralTypes.describe(DATASET)).isEqualTo("structured dataset");
    assertThat(LiteralTypes.describe(LiteralType.getDefaultInstance())).isEqualTo("unset type");
  }

  @Test
  void specName_isTheTaskSpecSpelling() {
    assertThat(LiteralTypes.specName(list(INT))).isEqualTo("list[int]");
    assertThat(LiteralTypes.specName(map(CSV))).isEqualTo("dict[str, file[csv]]");
    assertThat(LiteralTypes.specName(DIR)).isEqualTo("dir");
    assertThat(LiteralTypes.specName(union(INT, NONE))).isEqualTo("union[int, none]");
    assertThat(LiteralTypes.specName(COLOUR)).isEqualTo("enum[red, blue]");
    assertThat(LiteralTypes.specName(DATASET)).isEqualTo("dataset[parquet]");
    assertThat(LiteralTypes.specName(simple(SimpleType.ERROR))).isEqualTo("error");
  }

  @Test
  void blobQuestions_answerForBlobsSchemasAndDatasetsOnly() {
    assertThat(LiteralTypes.isBlobLike(CSV)).isTrue();
    assertThat(LiteralTypes.isBlobLike(SCHEMA)).isTrue();
    assertThat(LiteralTypes.isBlobLike(DATASET)).isTrue();
    assertThat(LiteralTypes.isBlobLike(list(CSV))).isFalse();
    assertThat(LiteralTypes.holdsBlob(map(union(INT, list(DIR))))).isTrue();
    assertThat(LiteralTypes.holdsBlob(map(union(INT, list(COLOUR))))).isFalse();
    assertThat(LiteralTypes.blobDimensionality(DIR)).contains(BlobDimensionality.MULTIPART);
    assertThat(LiteralTypes.blobDimensionality(SCHEMA)).isEqualTo(Optional.empty());
    assertThat(LiteralTypes.blobKindName(DATASET)).isEqualTo("structured dataset");
    assertThat(LiteralTypes.blobKindName(CSV)).isEqualTo("blob");
    assertThat(LiteralTypes.isNone(NONE)).isTrue();
    assertThat(LiteralTypes.isNone(INT)).isFalse();
  }

  @Test
  void typeKindTable_picksTheValueOfEachKind() {
    TypeKindTable<String> table = new TypeKindTable<>("simple", "blob", "list", "map", "union", "enum");

    assertThat(table.of(INT, () -> "unset")).isEqualTo("simple");
    assertThat(table.of(SCHEMA, () -> "unset")).isEqualTo("blob");
    assertThat(table.of(DATASET, () -> "unset")).isEqualTo("blob");
    assertThat(table.of(list(INT), () -> "unset")).isEqualTo("list");
    assertThat(table.of(map(INT), () -> "unset")).isEqualTo("map");
    assertThat(table.of(union(INT, NONE), () -> "unset")).isEqualTo("union");
    assertThat(table.of(COLOUR, () -> "unset")).isEqualTo("enum");
    assertThat(table.of(LiteralType.getDefaultInstance(), () -> "unset")).isEqualTo("unset");
  }

  private static LiteralType simple(SimpleType t) {
    return LiteralType.newBuilder().setSimple(t).build();
  }

  private static LiteralType list(LiteralType element) {
    return LiteralType.newBuilder().setCollectionType(element).build();
  }

  private static LiteralType map(LiteralType value) {
    return LiteralType.newBuilder().setMapValueType(value).build();
  }

  private static LiteralType union(LiteralType... variants) {
    return LiteralType.newBuilder().setUnionType(UnionType.newBuilder().addAllVariants(java.util.List.of(variants)))
        .build();
  }
}
