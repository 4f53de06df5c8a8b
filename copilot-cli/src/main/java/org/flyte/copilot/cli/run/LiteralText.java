package org.flyte.copilot.cli.run;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flyte.copilot.core.format.JsonWriter;
import org.flyte.copilot.core.format.StructJson;
import org.flyte.copilot.core.literal.text.GoDurations;
import org.flyte.copilot.core.literal.text.GoFloats;
import org.flyte.copilot.core.literal.text.GoJson;
import org.flyte.copilot.core.literal.text.GoStrings;
import org.flyte.copilot.core.literal.text.GoTimes;

/** Literals as short text: for {@code {{.inputs.x}}} in commands and for the outputs table. */
public final class LiteralText {
  private LiteralText() {}

  /**
   * The orchestrator's rendering for command templates (CONTRACT.md §4.8): numbers and booleans as
   * Go prints them, strings raw, datetimes RFC 3339, blobs as their URI, lists {@code [a,b]}.
   */
  public static String template(Literal l) {
    if (l.hasCollection()) {
      List<String> parts = new ArrayList<>();
      l.getCollection().getLiteralsList().forEach(e -> parts.add(template(e)));
      return "[" + String.join(",", parts) + "]";
    }
    if (l.hasMap()) {
      return json(l);
    }
    return scalarText(l, false);
  }

  /** A one-line display value: JSON for containers, quoted strings inside them. */
  public static String display(Literal l) {
    if (l.hasCollection() || l.hasMap()) {
      return json(l);
    }
    return scalarText(l, false);
  }

  /** JSON text of a literal (strings quoted, blobs as their URI). */
  public static String json(Literal l) {
    if (l.hasCollection()) {
      List<String> parts = new ArrayList<>();
      l.getCollection().getLiteralsList().forEach(e -> parts.add(json(e)));
      return "[" + String.join(",", parts) + "]";
    }
    if (l.hasMap()) {
      Map<String, Literal> sorted = new TreeMap<>(GoJson.KEY_ORDER);
      sorted.putAll(l.getMap().getLiteralsMap());
      List<String> parts = new ArrayList<>();
      sorted.forEach((k, v) -> parts.add(GoStrings.jsonQuote(k) + ":" + json(v)));
      return "{" + String.join(",", parts) + "}";
    }
    if (l.hasScalar()) {
      Scalar s = l.getScalar();
      if (s.hasPrimitive()) {
        Primitive p = s.getPrimitive();
        return switch (p.getValueCase()) {
          case INTEGER, BOOLEAN -> scalarText(l, true);
          case FLOAT_VALUE -> Double.isFinite(p.getFloatValue()) ? GoFloats.json(p.getFloatValue())
              : GoStrings.jsonQuote(GoFloats.fileText(p.getFloatValue()));
          default -> GoStrings.jsonQuote(scalarText(l, true));
        };
      }
      if (s.hasGeneric()) {
        return JsonWriter.write(StructJson.toJson(s.getGeneric()));
      }
      if (s.hasNoneType()) {
        return "null";
      }
      if (s.hasUnion()) {
        return json(s.getUnion().getValue());
      }
    }
    return GoStrings.jsonQuote(scalarText(l, true));
  }

  private static String scalarText(Literal l, boolean inJson) {
    if (!l.hasScalar()) {
      return l.hasOffloadedMetadata() ? l.getOffloadedMetadata().getUri() : "";
    }
    Scalar s = l.getScalar();
    return switch (s.getValueCase()) {
      case PRIMITIVE -> {
        Primitive p = s.getPrimitive();
        yield switch (p.getValueCase()) {
          case INTEGER -> Long.toString(p.getInteger());
          case FLOAT_VALUE -> GoFloats.formatG(p.getFloatValue());
          case STRING_VALUE -> p.getStringValue();
          case BOOLEAN -> Boolean.toString(p.getBoolean());
          case DATETIME -> GoTimes.rfc3339Nano(p.getDatetime().getSeconds(), p.getDatetime().getNanos());
          case DURATION -> GoDurations.format(
              GoDurations.saturatedNanos(p.getDuration().getSeconds(), p.getDuration().getNanos()));
          default -> "";
        };
      }
      case BLOB -> s.getBlob().getUri();
      case SCHEMA -> s.getSchema().getUri();
      case STRUCTURED_DATASET -> s.getStructuredDataset().getUri();
      case UNION -> inJson ? json(s.getUnion().getValue()) : display(s.getUnion().getValue());
      case GENERIC -> JsonWriter.write(StructJson.toJson(s.getGeneric()));
      case NONE_TYPE -> "null";
      case ERROR -> s.getError().getMessage();
      case BINARY -> java.util.Base64.getEncoder().encodeToString(s.getBinary().getValue().toByteArray());
      default -> "";
    };
  }
}
