package org.flyte.copilot.upload;

import org.flyte.copilot.upload.locate.Entry;
import org.flyte.copilot.upload.locate.Site;
import org.flyte.copilot.upload.locate.UploadPlan;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Void;
import flyteidl.core.Types.Error;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.time.Instant;
import java.util.Base64;
import org.flyte.copilot.upload.parse.Booleans;
import org.flyte.copilot.upload.parse.Datetimes;
import org.flyte.copilot.upload.parse.Durations;
import org.flyte.copilot.upload.parse.GoFloats;
import org.flyte.copilot.upload.parse.GoInts;

/**
 * Simple types (CONTRACT.md §3.4 with D10/D11): a file of text parsed with Go's syntax plus the D11
 * extras, or the matching JSON/YAML value. STRUCT takes a JSON or YAML object (D9).
 */
final class SimpleReader implements ValueReader {
  /** Go tags every uploaded BINARY value so. */
  static final String BINARY_TAG = "msgpack";

  private final ValueFiles files;

  SimpleReader(ValueFiles files) {
    this.files = files;
  }

  @Override
  public Literal fromEntry(Site site, LiteralType type, Entry entry, UploadPlan plan) {
    SimpleType t = type.getSimple();
    return switch (t) {
      case BINARY -> binary(files.readBytes(site, entry, t.name()));
      case STRUCT -> struct(site, files.readTree(site, entry, t.name()));
      case NONE -> {
        files.readBytes(site, entry, t.name());
        yield none();
      }
      default -> fromText(site, t, files.readText(site, entry, t.name()));
    };
  }

  @Override
  public Literal fromJson(Site site, LiteralType type, JsonNode node, UploadPlan plan) {
    SimpleType t = type.getSimple();
    if (t == SimpleType.NONE) {
      return none();
    }
    if (t == SimpleType.STRUCT) {
      return struct(site, node);
    }
    if (node == null || node.isNull()) {
      throw site.fail("the value is null, but the output type " + t.name() + " is not optional");
    }
    switch (t) {
      case INTEGER:
        if (node.isIntegralNumber()) {
          if (!node.canConvertToLong()) {
            throw site.fail("failed to parse integer value: " + node.asText() + " is out of the int64 range");
          }
          return Literals.primitive(Primitive.newBuilder().setInteger(node.longValue()));
        }
        break;
      case FLOAT:
        if (node.isNumber()) {
          return Literals.primitive(Primitive.newBuilder().setFloatValue(node.doubleValue()));
        }
        break;
      case BOOLEAN:
        if (node.isBoolean()) {
          return Literals.primitive(Primitive.newBuilder().setBoolean(node.booleanValue()));
        }
        break;
      case DURATION:
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return duration(java.time.Duration.ofNanos(node.longValue()));
        }
        break;
      case BINARY:
        if (node.isTextual()) {
          try {
            return binary(Base64.getDecoder().decode(node.textValue()));
          } catch (IllegalArgumentException e) {
            throw site.fail("a BINARY value must be base64 text: " + e.getMessage());
          }
        }
        if (node.isBinary()) {
          try {
            return binary(node.binaryValue());
          } catch (java.io.IOException e) {
            throw site.fail("cannot read binary value: " + e.getMessage());
          }
        }
        break;
      default:
        break;
    }
    if (!node.isTextual()) {
      throw site.fail("expected " + (t == SimpleType.INTEGER ? "an integer" : "a " + t.name() + " value")
          + ", found " + Literals.jsonKind(node));
    }
    return fromText(site, t, ValueFiles.trim(node.textValue()));
  }

  /** Converts trimmed text to a literal of type {@code t}; the error texts follow Go's. */
  static Literal fromText(Site site, SimpleType t, String text) {
    try {
      return switch (t) {
        case INTEGER -> Literals.primitive(Primitive.newBuilder().setInteger(GoInts.parse(text)));
        case FLOAT -> Literals.primitive(Primitive.newBuilder().setFloatValue(GoFloats.parse(text)));
        case STRING -> Literals.string(text);
        case BOOLEAN -> Literals.primitive(Primitive.newBuilder().setBoolean(Booleans.parse(text)));
        case DATETIME -> datetime(Datetimes.parse(text));
        case DURATION -> duration(Durations.parse(text));
        case ERROR -> Literals.scalar(Scalar.newBuilder().setError(Error.newBuilder().setMessage(text)));
        case BINARY -> binary(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        case NONE -> none();
        case STRUCT -> throw new IllegalStateException("STRUCT is read as a document");
        case UNRECOGNIZED -> throw site.fail("unknown simple type in the task interface");
      };
    } catch (IllegalArgumentException e) {
      throw site.fail(parseFailure(t) + e.getMessage());
    }
  }

  private static String parseFailure(SimpleType t) {
    return switch (t) {
      case INTEGER -> "failed to parse integer value: ";
      case FLOAT -> "failed to parse Float value: ";
      case BOOLEAN -> "failed to parse Bool value: ";
      case DATETIME -> "failed to parse Datetime in RFC3339 format: ";
      case DURATION -> "failed to parse Duration: ";
      default -> "failed to parse " + t.name() + " value: ";
    };
  }

  static Literal datetime(Instant i) {
    return Literals.primitive(Primitive.newBuilder()
        .setDatetime(Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano())));
  }

  static Literal duration(java.time.Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNano();
    if (seconds < 0 && nanos > 0) {
      // protobuf wants seconds and nanos of the same sign
      seconds += 1;
      nanos -= 1_000_000_000;
    }
    return Literals.primitive(Primitive.newBuilder().setDuration(Duration.newBuilder().setSeconds(seconds).setNanos(nanos)));
  }

  static Literal binary(byte[] bytes) {
    return Literals.scalar(Scalar.newBuilder()
        .setBinary(Binary.newBuilder().setValue(ByteString.copyFrom(bytes)).setTag(BINARY_TAG)));
  }

  static Literal none() {
    return Literals.scalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance()));
  }

  static Literal struct(Site site, JsonNode node) {
    if (node == null || node.isNull()) {
      return Literals.scalar(Scalar.newBuilder().setGeneric(Struct.getDefaultInstance()));
    }
    if (!node.isObject()) {
      throw site.fail("failed to load generic type: expected a JSON or YAML object, found " + Literals.jsonKind(node));
    }
    return Literals.scalar(Scalar.newBuilder().setGeneric(StructValues.struct(node)));
  }
}
