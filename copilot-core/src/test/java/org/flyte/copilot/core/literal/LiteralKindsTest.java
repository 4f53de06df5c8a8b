package org.flyte.copilot.core.literal;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiteralKindsTest {
  private static final LiteralType SINGLE = LiteralType.newBuilder()
      .setBlob(BlobType.newBuilder().setDimensionality(BlobDimensionality.SINGLE)).build();

  @Test
  void describe_namesTheKindAndThePrimitive() {
    assertThat(LiteralKinds.describe(Scalars.integer(1))).isEqualTo("a primitive literal (integer)");
    assertThat(LiteralKinds.describe(Scalars.none())).isEqualTo("a none_type literal");
    assertThat(LiteralKinds.describe(Literal.newBuilder().setMap(LiteralMap.getDefaultInstance()).build()))
        .isEqualTo("a map literal");
    assertThat(LiteralKinds.describe(Literal.getDefaultInstance())).isEqualTo("a value_not_set literal");
  }

  @Test
  void matches_acceptsOnlyTheDeclaredSimpleKind() {
    assertThat(LiteralKinds.matches(SimpleType.INTEGER, Scalars.integer(1))).isTrue();
    assertThat(LiteralKinds.matches(SimpleType.INTEGER, Scalars.floatValue(1))).isFalse();
    assertThat(LiteralKinds.matches(SimpleType.DATETIME, Scalars.datetime(Instant.EPOCH))).isTrue();
    assertThat(LiteralKinds.matches(SimpleType.STRUCT, Scalars.binary(new byte[] {1}))).isTrue();
    assertThat(LiteralKinds.matches(SimpleType.BINARY, Scalars.string("x"))).isFalse();
    assertThat(LiteralKinds.matches(SimpleType.NONE, Scalars.none())).isTrue();
  }

  @Test
  void blobQuestions_readTheUriOfBlobsSchemasAndDatasets() {
    Literal blob = Scalars.blobLike(SINGLE, "s3://b/k");
    Literal schema = Scalars.scalar(Scalar.newBuilder().setSchema(Schema.newBuilder().setUri("s3://b/s")));

    assertThat(LiteralKinds.blobLikeUri(blob)).contains("s3://b/k");
    assertThat(LiteralKinds.blobLikeUri(schema)).contains("s3://b/s");
    assertThat(LiteralKinds.blobLikeUri(Scalars.string("s3://b/k"))).isEmpty();
    assertThat(LiteralKinds.isSingleBlob(blob)).isTrue();
    assertThat(LiteralKinds.isSingleBlob(schema)).isFalse();
    assertThat(LiteralKinds.stringValue(Scalars.string("red"))).contains("red");
    assertThat(LiteralKinds.union(Scalars.union(Scalars.none(), SINGLE)).map(u -> u.getType())).contains(SINGLE);
  }
}
