package org.flyte.copilot.core.literal;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.flyte.copilot.core.format.JsonWriter;
import org.flyte.copilot.core.literal.text.GoFloats;
import org.flyte.copilot.core.literal.text.GoJson;
import org.flyte.copilot.core.literal.text.GoStrings;

/** Literals as short text: for {@code {{.inputs.x}}} in commands and for the outputs table of {@code copilot run}. */
public final class LiteralText {
  private LiteralText() {}

  /**
   * The orchestrator's rendering for command templates (docs/compatibility.md, "Pod contract"): numbers and
   * booleans as
   * Go prints them, strings raw, datetimes RFC 3339, blobs as their URI, lists {@code [a,b]}.
   */
  public static String template(Literal l) {
    return switch (l.getValueCase()) {
      case COLLECTION -> list(l, LiteralText::template);
      case MAP -> json(l);
      case SCALAR, OFFLOADED_METADATA, VALUE_NOT_SET -> scalarText(l, false);
    };
  }

  /** A one-line display value: JSON for containers, quoted strings inside them. */
  public static String display(Literal l) {
    return switch (l.getValueCase()) {
      case COLLECTION, MAP -> json(l);
      case SCALAR, OFFLOADED_METADATA, VALUE_NOT_SET -> scalarText(l, false);
    };
  }

  /** JSON text of a literal (strings quoted, blobs as their URI). */
  public static String json(Literal l) {
    return switch (l.getValueCase()) {
      case COLLECTION -> list(l, LiteralText::json);
      case MAP -> {
        Map<String, Literal> sorted = new TreeMap<>(GoJson.KEY_ORDER);
        sorted.putAll(l.getMap().getLiteralsMap());
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(GoStrings.jsonQuote(k) + ":" + json(v)));
        yield "{" + String.join(",", parts) + "}";
      }
      case SCALAR -> scalarJson(l);
      case OFFLOADED_METADATA, VALUE_NOT_SET -> GoStrings.jsonQuote(scalarText(l, true));
    };
  }

  /** {@code [a,b]}: the elements of a collection, each rendered by {@code element}. */
  private static String list(Literal l, Function<Literal, String> element) {
    List<String> parts = new ArrayList<>();
    l.getCollection().getLiteralsList().forEach(e -> parts.add(element.apply(e)));
    return "[" + String.join(",", parts) + "]";
  }

  private static String scalarJson(Literal l) {
    Scalar s = l.getScalar();
    return switch (s.getValueCase()) {
      case PRIMITIVE -> {
        Primitive p = s.getPrimitive();
        yield switch (p.getValueCase()) {
          case INTEGER, BOOLEAN -> scalarText(l, true);
          case FLOAT_VALUE -> Double.isFinite(p.getFloatValue()) ? GoFloats.json(p.getFloatValue())
              : GoStrings.jsonQuote(GoFloats.fileText(p.getFloatValue()));
          case STRING_VALUE, DATETIME, DURATION, VALUE_NOT_SET -> GoStrings.jsonQuote(scalarText(l, true));
        };
      }
      case GENERIC -> JsonWriter.write(StructValues.toJson(s.getGeneric()));
      case NONE_TYPE -> "null";
      case UNION -> json(s.getUnion().getValue());
      case BLOB, BINARY, SCHEMA, ERROR, STRUCTURED_DATASET, VALUE_NOT_SET -> GoStrings.jsonQuote(scalarText(l, true));
    };
  }

  private static String scalarText(Literal l, boolean inJson) {
    return switch (l.getValueCase()) {
      case SCALAR -> scalarText(l.getScalar(), inJson);
      case OFFLOADED_METADATA -> l.getOffloadedMetadata().getUri();
      case COLLECTION, MAP, VALUE_NOT_SET -> "";
    };
  }

  private static String scalarText(Scalar s, boolean inJson) {
    return switch (s.getValueCase()) {
      case PRIMITIVE -> {
        Primitive p = s.getPrimitive();
        yield switch (p.getValueCase()) {
          case INTEGER -> Long.toString(p.getInteger());
          case FLOAT_VALUE -> GoFloats.formatG(p.getFloatValue());
          case STRING_VALUE -> p.getStringValue();
          case BOOLEAN -> Boolean.toString(p.getBoolean());
          case DATETIME -> PrimitiveTexts.datetime(p.getDatetime());
          case DURATION -> PrimitiveTexts.durationText(p.getDuration());
          case VALUE_NOT_SET -> "";
        };
      }
      case BLOB -> s.getBlob().getUri();
      case SCHEMA -> s.getSchema().getUri();
      case STRUCTURED_DATASET -> s.getStructuredDataset().getUri();
      case UNION -> inJson ? json(s.getUnion().getValue()) : display(s.getUnion().getValue());
      case GENERIC -> JsonWriter.write(StructValues.toJson(s.getGeneric()));
      case NONE_TYPE -> "null";
      case ERROR -> s.getError().getMessage();
      case BINARY -> Base64.getEncoder().encodeToString(s.getBinary().getValue().toByteArray());
      case VALUE_NOT_SET -> "";
    };
  }
}
