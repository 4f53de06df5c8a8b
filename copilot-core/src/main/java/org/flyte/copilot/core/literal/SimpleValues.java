package org.flyte.copilot.core.literal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.SimpleType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.flyte.copilot.core.literal.text.Booleans;
import org.flyte.copilot.core.literal.text.Datetimes;
import org.flyte.copilot.core.literal.text.Durations;
import org.flyte.copilot.core.literal.text.GoFloats;
import org.flyte.copilot.core.literal.text.GoInts;
import org.flyte.copilot.core.literal.text.ValueFormatException;

/**
 * Output values of simple types (docs/compatibility.md, "Locating outputs and simple values" with D10/D11):
 * a file of text parsed with Go's
 * syntax plus the D11 extras, or the matching JSON/YAML value; STRUCT takes a JSON or YAML object
 * (D9). Every refusal is a {@link ValueFormatException} whose message follows Go's.
 */
public final class SimpleValues {
  private SimpleValues() {}

  /** The content of a value file, read only in the form the type needs. */
  public interface Content {
    byte[] bytes();

    /** The UTF-8 text, trimmed as {@link #trim} does. */
    String text();

    /** The JSON or YAML document. */
    JsonNode tree();
  }

  /** The literal of type {@code t} held by a file. */
  public static Literal fromFile(SimpleType t, Content file) {
    return switch (t) {
      case BINARY -> Scalars.binary(file.bytes());
      case STRUCT -> struct(file.tree());
      case NONE -> {
        file.bytes();
        yield Scalars.none();
      }
      case INTEGER, FLOAT, BOOLEAN, DATETIME, DURATION -> fromText(t, nonEmpty(t, file.text()));
      case STRING, ERROR, UNRECOGNIZED -> fromText(t, file.text());
    };
  }

  /** The text of a value file, which for a number, a flag or a time must hold something. */
  private static String nonEmpty(SimpleType t, String text) {
    if (text.isEmpty()) {
      throw new ValueFormatException("the file is empty; expected " + expected(t));
    }
    return text;
  }

  /** What a value of type {@code t} is, for messages: "an integer", "true or false", ... */
  private static String expected(SimpleType t) {
    return switch (t) {
      case INTEGER -> "an integer";
      case FLOAT -> "a float";
      case BOOLEAN -> "true or false";
      case DATETIME -> "an RFC 3339 datetime";
      case DURATION -> "a duration";
      case STRING, STRUCT, BINARY, NONE, ERROR, UNRECOGNIZED -> "a " + t.name() + " value";
    };
  }

  /** The literal of type {@code t} held by a JSON/YAML value; text is parsed as {@link #fromText} does. */
  public static Literal fromJson(SimpleType t, JsonNode node) {
    if (t == SimpleType.NONE) {
      return Scalars.none();
    }
    if (t == SimpleType.STRUCT) {
      return struct(node);
    }
    if (node == null || node.isNull()) {
      throw new ValueFormatException("the value is null, but the output type " + t.name() + " is not optional");
    }
    Literal typed = switch (t) {
      case INTEGER -> node.isIntegralNumber() ? integer(node) : null;
      case FLOAT -> node.isNumber() ? Scalars.floatValue(node.doubleValue()) : null;
      case BOOLEAN -> node.isBoolean() ? Scalars.bool(node.booleanValue()) : null;
      case DURATION -> node.isIntegralNumber() && node.canConvertToLong()
          ? Scalars.duration(java.time.Duration.ofNanos(node.longValue())) : null;
      case BINARY -> binary(node);
      case STRING, DATETIME, ERROR, STRUCT, NONE, UNRECOGNIZED -> null;
    };
    if (typed != null) {
      return typed;
    }
    if (!node.isTextual()) {
      throw new ValueFormatException("expected " + expected(t) + ", found " + JsonKinds.describe(node));
    }
    return fromText(t, trim(node.textValue()));
  }

  private static Literal integer(JsonNode node) {
    if (!node.canConvertToLong()) {
      throw new ValueFormatException("failed to parse integer value: " + node.asText() + " is out of the int64 range");
    }
    return Scalars.integer(node.longValue());
  }

  private static Literal binary(JsonNode node) {
    if (node.isTextual()) {
      try {
        return Scalars.binary(Base64.getDecoder().decode(node.textValue()));
      } catch (IllegalArgumentException e) {
        throw new ValueFormatException("a BINARY value must be base64 text: " + e.getMessage());
      }
    }
    if (node.isBinary()) {
      try {
        return Scalars.binary(node.binaryValue());
      } catch (IOException e) {
        throw new ValueFormatException("cannot read binary value: " + e.getMessage());
      }
    }
    return null;
  }

  /** Converts trimmed text to a literal of type {@code t}; the error texts follow Go's. */
  public static Literal fromText(SimpleType t, String text) {
    if (t == SimpleType.UNRECOGNIZED) {
      throw new ValueFormatException("unknown simple type in the task interface");
    }
    try {
      return switch (t) {
        case INTEGER -> Scalars.integer(GoInts.parse(text));
        case FLOAT -> Scalars.floatValue(GoFloats.parse(text));
        case STRING -> Scalars.string(text);
        case BOOLEAN -> Scalars.bool(Booleans.parse(text));
        case DATETIME -> Scalars.datetime(Datetimes.parse(text));
        case DURATION -> Scalars.duration(Durations.parse(text));
        case ERROR -> Scalars.error(text);
        case BINARY -> Scalars.binary(text.getBytes(StandardCharsets.UTF_8));
        case NONE -> Scalars.none();
        case STRUCT -> throw new IllegalStateException("STRUCT is read as a document");
        case UNRECOGNIZED -> throw new IllegalStateException("refused above");
      };
    } catch (IllegalArgumentException e) {
      throw new ValueFormatException(parseFailure(t) + e.getMessage());
    }
  }

  private static String parseFailure(SimpleType t) {
    return switch (t) {
      case INTEGER -> "failed to parse integer value: ";
      case FLOAT -> "failed to parse Float value: ";
      case BOOLEAN -> "failed to parse Bool value: ";
      case DATETIME -> "failed to parse Datetime in RFC3339 format: ";
      case DURATION -> "failed to parse Duration: ";
      case STRING, ERROR, BINARY, NONE, STRUCT, UNRECOGNIZED -> "failed to parse " + t.name() + " value: ";
    };
  }

  /** A generic literal: an empty struct for null, else the object's fields. */
  public static Literal struct(JsonNode node) {
    if (node == null || node.isNull()) {
      return Scalars.generic(Struct.getDefaultInstance());
    }
    if (!node.isObject()) {
      throw new ValueFormatException("failed to load generic type: expected a JSON or YAML object, found "
          + JsonKinds.describe(node));
    }
    return Scalars.generic(StructValues.struct(node));
  }

  /** Strips the spaces, tabs, carriage returns and newlines Go's copilot trims around value text. */
  public static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isTrimmed(s.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmed(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isTrimmed(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  }
}
