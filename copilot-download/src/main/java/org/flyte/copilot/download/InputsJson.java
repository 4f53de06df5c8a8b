package org.flyte.copilot.download;

import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.format.JsonValue;
import org.flyte.copilot.core.format.MsgpackDecoder;
import org.flyte.copilot.core.format.StructJson;
import org.flyte.copilot.core.text.GoDurations;
import org.flyte.copilot.core.text.GoTimes;

/**
 * The value of one variable in {@code inputs.json}/{@code inputs.yaml} (§2.3, §2.7), made from its
 * rewritten literal (blob, schema and dataset URIs are already the local paths), one variable at a
 * time so that the metadata files never need a second copy of the whole input map.
 */
final class InputsJson {
  private static final System.Logger LOG = System.getLogger(InputsJson.class.getName());

  private InputsJson() {}

  static JsonValue of(Literal lit, String variable) {
    switch (lit.getValueCase()) {
      case SCALAR:
        return scalar(lit.getScalar(), variable);
      case COLLECTION: {
        List<JsonValue> items = new ArrayList<>(lit.getCollection().getLiteralsCount());
        for (Literal e : lit.getCollection().getLiteralsList()) {
          items.add(of(e, variable));
        }
        return JsonValue.array(items);
      }
      case MAP: {
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        for (Map.Entry<String, Literal> e : lit.getMap().getLiteralsMap().entrySet()) {
          fields.put(e.getKey(), of(e.getValue(), variable));
        }
        return JsonValue.object(fields);
      }
      case OFFLOADED_METADATA:
      case VALUE_NOT_SET:
      default:
        // the rewritten map holds neither (the planner resolved or refused them)
        throw new IllegalStateException("variable [" + variable + "]: no JSON value for a " + lit.getValueCase());
    }
  }

  private static JsonValue scalar(Scalar s, String variable) {
    switch (s.getValueCase()) {
      case PRIMITIVE:
        return primitive(s.getPrimitive());
      case BLOB:
        return JsonValue.of(s.getBlob().getUri());
      case SCHEMA:
        return JsonValue.of(s.getSchema().getUri());
      case STRUCTURED_DATASET:
        return JsonValue.of(s.getStructuredDataset().getUri());
      case BINARY:
        return binary(s.getBinary(), variable);
      case ERROR:
        return JsonValue.of(s.getError().getMessage());
      case GENERIC:
        return StructJson.toJson(s.getGeneric());
      case NONE_TYPE:
        return JsonValue.NULL;
      case UNION:
        return of(s.getUnion().getValue(), variable);
      case VALUE_NOT_SET:
      default:
        throw new IllegalStateException("variable [" + variable + "]: no JSON value for a scalar " + s.getValueCase());
    }
  }

  private static JsonValue primitive(Primitive prim) {
    return switch (prim.getValueCase()) {
      case INTEGER -> JsonValue.of(prim.getInteger());
      case FLOAT_VALUE -> JsonValue.of(prim.getFloatValue());
      case STRING_VALUE -> JsonValue.of(prim.getStringValue());
      case BOOLEAN -> JsonValue.of(prim.getBoolean());
      case DATETIME -> JsonValue.of(GoTimes.rfc3339Nano(prim.getDatetime().getSeconds(), prim.getDatetime().getNanos()));
      case DURATION -> JsonValue.of(GoDurations.saturatedNanos(prim.getDuration().getSeconds(),
          prim.getDuration().getNanos()));
      case VALUE_NOT_SET -> JsonValue.NULL;
    };
  }

  /** base64, or for {@code tag: msgpack} the decoded value (a Flyte 2 dataclass or Pydantic model). */
  private static JsonValue binary(Binary bin, String variable) {
    byte[] bytes = bin.getValue().toByteArray();
    if (bin.getTag().equals("msgpack")) {
      try {
        return MsgpackDecoder.decode(bytes);
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "variable [{0}]: binary tagged msgpack does not decode ({1}); "
            + "its metadata value is base64 instead", variable, e.getMessage());
      }
    }
    return JsonValue.of(Base64.getEncoder().encodeToString(bytes));
  }
}
