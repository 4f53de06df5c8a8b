package org.flyte.copilot.core.literal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.flyte.copilot.core.literal.text.GoDurations;

/**
 * Turns the plain values of {@code copilot run}'s inputs (YAML/JSON, {@code --input name=value}) into
 * typed Flyte literals. File and directory
 * values are local paths handed to a {@link BlobSink}, which stores them and returns their URI.
 */
public final class LiteralValues {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Stores a local file or directory for an input and returns its remote URI. */
  public interface BlobSink {
    String store(String variable, Path local);
  }

  private final BlobSink sink;
  private final Path baseDir;

  /**
   * @param sink where file and directory inputs go
   * @param baseDir relative paths in values are resolved against it
   */
  public LiteralValues(BlobSink sink, Path baseDir) {
    this.sink = sink;
    this.baseDir = baseDir;
  }

  /** Parses {@code text} as a YAML value (for {@code --input name=value}); plain text for strings. */
  public Literal fromText(String variable, String text, LiteralType type) {
    if (type.hasSimple() && (type.getSimple() == SimpleType.STRING || type.getSimple() == SimpleType.DATETIME
        || type.getSimple() == SimpleType.DURATION) || type.hasBlob() || type.hasEnumType()
        || type.hasStructuredDatasetType()) {
      return from(variable, YAML.getNodeFactory().textNode(text), type);
    }
    try {
      return from(variable, YAML.readTree(text), type);
    } catch (IOException e) {
      throw new IllegalArgumentException("input \"" + variable + "\": cannot parse [" + text + "]: "
          + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /** The literal of {@code value} as {@code type}; errors name the variable and the expected type. */
  public Literal from(String variable, JsonNode value, LiteralType type) {
    try {
      return convert(variable, value, type);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("input \"")) {
        throw e;
      }
      throw new IllegalArgumentException("input \"" + variable + "\": expected " + LiteralTypes.specName(type)
          + ", got [" + (value == null ? "null" : value.toString()) + "]: " + e.getMessage(), e);
    }
  }

  private Literal convert(String variable, JsonNode v, LiteralType type) {
    return switch (type.getTypeCase()) {
      case SIMPLE -> simple(v, type.getSimple());
      case BLOB, STRUCTURED_DATASET_TYPE -> Scalars.blobLike(type, sink.store(variable, localPath(v)));
      case COLLECTION_TYPE -> {
        if (!v.isArray()) {
          throw new IllegalArgumentException("a list is needed");
        }
        LiteralCollection.Builder c = LiteralCollection.newBuilder();
        int i = 0;
        for (JsonNode e : v) {
          c.addLiterals(from(variable + "[" + i++ + "]", e, type.getCollectionType()));
        }
        yield Literal.newBuilder().setCollection(c).build();
      }
      case MAP_VALUE_TYPE -> {
        if (!v.isObject()) {
          throw new IllegalArgumentException("a mapping is needed");
        }
        LiteralMap.Builder m = LiteralMap.newBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          m.putLiterals(e.getKey(), from(variable + "." + e.getKey(), e.getValue(), type.getMapValueType()));
        }
        yield Literal.newBuilder().setMap(m).build();
      }
      case UNION_TYPE -> union(variable, v, type);
      case ENUM_TYPE -> {
        String s = v.asText();
        if (!type.getEnumType().getValuesList().contains(s)) {
          throw new IllegalArgumentException("not one of " + type.getEnumType().getValuesList());
        }
        yield Scalars.string(s);
      }
      case SCHEMA, TYPE_NOT_SET -> throw new IllegalArgumentException("type not supported by copilot run");
    };
  }

  private Literal union(String variable, JsonNode v, LiteralType type) {
    IllegalArgumentException last = null;
    for (LiteralType variant : type.getUnionType().getVariantsList()) {
      if (LiteralTypes.isNone(variant) != (v == null || v.isNull())) {
        continue;
      }
      try {
        return Scalars.union(convert(variable, v, variant), variant);
      } catch (IllegalArgumentException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException(last == null ? "no variant matches" : last.getMessage());
  }

  private Path localPath(JsonNode v) {
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("a local path is needed");
    }
    return baseDir.resolve(v.asText()).normalize();
  }

  private static Literal simple(JsonNode v, SimpleType t) {
    Primitive.Builder p = Primitive.newBuilder();
    switch (t) {
      case INTEGER -> {
        if (!(v.isIntegralNumber() && v.canConvertToLong()) && !(v.isTextual() && v.asText().matches("[+-]?\\d+"))) {
          throw new IllegalArgumentException("an integer is needed");
        }
        p.setInteger(v.isTextual() ? Long.parseLong(v.asText()) : v.asLong());
      }
      case FLOAT -> {
        if (!v.isNumber() && !(v.isTextual() && isFloat(v.asText()))) {
          throw new IllegalArgumentException("a number is needed");
        }
        p.setFloatValue(v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText()));
      }
      case STRING -> p.setStringValue(v.isTextual() ? v.asText() : v.toString());
      case BOOLEAN -> {
        if (!v.isBoolean() && !(v.isTextual() && v.asText().matches("(?i)true|false"))) {
          throw new IllegalArgumentException("true or false is needed");
        }
        p.setBoolean(v.isBoolean() ? v.asBoolean() : Boolean.parseBoolean(v.asText()));
      }
      case DATETIME -> {
        Instant i;
        try {
          i = OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("an RFC 3339 date-time such as 2024-01-02T03:04:05Z is needed");
        }
        p.setDatetime(Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()));
      }
      case DURATION -> {
        long nanos = v.isNumber() ? (long) (v.asDouble() * 1e9) : GoDurations.parseNanos(v.asText());
        p.setDuration(com.google.protobuf.Duration.newBuilder()
            .setSeconds(Math.floorDiv(nanos, 1_000_000_000L)).setNanos((int) Math.floorMod(nanos, 1_000_000_000L)));
      }
      case STRUCT -> {
        if (!v.isObject()) {
          throw new IllegalArgumentException("a mapping is needed");
        }
        return Scalars.generic(StructValues.struct(v));
      }
      case BINARY -> {
        return scalar(Scalar.newBuilder().setBinary(Binary.newBuilder()
            .setValue(ByteString.copyFrom(Base64.getDecoder().decode(v.asText())))));
      }
      case NONE -> {
        return Scalars.none();
      }
      case ERROR, UNRECOGNIZED -> throw new IllegalArgumentException("unsupported simple type " + t);
    }
    return scalar(Scalar.newBuilder().setPrimitive(p));
  }

  private static boolean isFloat(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Literal scalar(Scalar.Builder s) {
    return Literal.newBuilder().setScalar(s).build();
  }
}
