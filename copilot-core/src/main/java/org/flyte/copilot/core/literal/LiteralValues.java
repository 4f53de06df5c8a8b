package org.flyte.copilot.core.literal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.ByteString;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns the plain values of {@code copilot run}'s inputs (YAML/JSON, {@code --input name=value}) into
 * typed Flyte literals. File and directory
 * values are local paths handed to a {@link BlobSink}, which stores them and returns their URI.
 */
public final class LiteralValues {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final java.util.regex.Pattern SECONDS = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)");

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

  /**
   * The value of {@code --input name=value}: YAML for lists, maps, structs and unions; the text itself for
   * simple values, files and enums.
   */
  public Literal fromText(String variable, String text, LiteralType type) {
    if (type.hasSimple() && type.getSimple() != SimpleType.STRUCT || type.hasBlob() || type.hasEnumType()
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

  /**
   * A simple value, read as the sidecar reads an output's JSON/YAML value ({@link SimpleValues#fromJson}):
   * numbers and booleans as they are, text by Go's rules, so that {@code -i n=5} and an output file
   * holding {@code 5} mean the same and fail with the same words. What differs is for people typing
   * values: any scalar is a string's text, a duration given as a bare number ({@code 90}, {@code 1.5}) is
   * seconds, a struct must be a mapping, and binary is base64 text stored untagged.
   */
  private static Literal simple(JsonNode v, SimpleType t) {
    if (t != SimpleType.NONE && (v == null || v.isNull())) {
      throw new IllegalArgumentException("a value is needed");
    }
    return switch (t) {
      case STRING -> Scalars.string(v.isTextual() ? v.asText() : v.toString());
      case DURATION -> v.isNumber() || v.isTextual() && SECONDS.matcher(v.asText().strip()).matches()
          ? Scalars.duration(java.time.Duration.ofNanos((long) (Double.parseDouble(v.asText()) * 1e9)))
          : SimpleValues.fromJson(t, v);
      case INTEGER, FLOAT, BOOLEAN, DATETIME, NONE -> SimpleValues.fromJson(t, v);
      case STRUCT -> {
        if (!v.isObject()) {
          throw new IllegalArgumentException("a mapping is needed");
        }
        yield Scalars.generic(StructValues.struct(v));
      }
      case BINARY -> scalar(Scalar.newBuilder().setBinary(Binary.newBuilder()
          .setValue(ByteString.copyFrom(Base64.getDecoder().decode(v.asText())))));
      case ERROR, UNRECOGNIZED -> throw new IllegalArgumentException("unsupported simple type " + t);
    };
  }

  private static Literal scalar(Scalar.Builder s) {
    return Literal.newBuilder().setScalar(s).build();
  }
}
