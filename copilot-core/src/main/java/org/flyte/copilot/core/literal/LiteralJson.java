package org.flyte.copilot.core.literal;

import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.format.JsonValue;
import org.flyte.copilot.core.format.JsonWriter;
import org.flyte.copilot.core.format.MsgpackDecoder;

/**
 * Literals as the JSON of {@code inputs.json}/{@code inputs.yaml} (§2.3, §2.7): blobs, schemas and
 * datasets as their URI (the download's rewritten literals hold the local paths there), unions as
 * their value. Made one variable at a time so that the metadata files never need a second copy of
 * the whole input map.
 */
public final class LiteralJson {
  private static final System.Logger LOG = System.getLogger(LiteralJson.class.getName());

  private LiteralJson() {}

  /**
   * Writes {@code inputs.json}: the object of every variable, keys in Go's order, each value streamed
   * straight from its literal (no JSON tree, whatever the size of a list or map).
   */
  public static void writeDocument(Writer out, Map<String, Literal> variables) throws IOException {
    StringBuilder b = new StringBuilder(BUFFER);
    appendObject(out, b, variables, null);
    out.append(b);
  }

  private static final int BUFFER = 16 * 1024;

  private static void append(Writer out, StringBuilder b, Literal lit, String variable) throws IOException {
    if (b.length() >= BUFFER) {
      out.append(b);
      b.setLength(0);
    }
    switch (lit.getValueCase()) {
      case COLLECTION -> {
        b.append('[');
        List<Literal> elements = lit.getCollection().getLiteralsList();
        for (int i = 0; i < elements.size(); i++) {
          b.append(i == 0 ? "" : ",");
          append(out, b, elements.get(i), variable);
        }
        b.append(']');
      }
      case MAP -> appendObject(out, b, lit.getMap().getLiteralsMap(), variable);
      case SCALAR -> {
        if (lit.getScalar().hasUnion()) {
          append(out, b, lit.getScalar().getUnion().getValue(), variable);
        } else {
          JsonWriter.append(b, scalar(lit.getScalar(), variable));
        }
      }
      case OFFLOADED_METADATA, VALUE_NOT_SET -> JsonWriter.append(b, of(lit, variable)); // refuses them
    }
  }

  /** An object of {@code fields}, keys in Go's order; a null {@code variable} means each field is a variable. */
  private static void appendObject(Writer out, StringBuilder b, Map<String, Literal> fields, String variable)
      throws IOException {
    JsonWriter.appendObject(b, fields, (key, field) -> append(out, b, field, variable == null ? key : variable));
  }

  /** The JSON value of a rewritten literal (what {@code inputs.yaml} is made from, one variable at a time). */
  public static JsonValue of(Literal lit, String variable) {
    return switch (lit.getValueCase()) {
      case SCALAR -> scalar(lit.getScalar(), variable);
      case COLLECTION -> {
        List<JsonValue> items = new ArrayList<>(lit.getCollection().getLiteralsCount());
        for (Literal e : lit.getCollection().getLiteralsList()) {
          items.add(of(e, variable));
        }
        yield JsonValue.array(items);
      }
      case MAP -> {
        Map<String, JsonValue> fields = new HashMap<>();
        for (Map.Entry<String, Literal> e : lit.getMap().getLiteralsMap().entrySet()) {
          fields.put(e.getKey(), of(e.getValue(), variable));
        }
        yield JsonValue.object(fields);
      }
      // the download's rewritten map holds neither (the planner resolved or refused them)
      case OFFLOADED_METADATA, VALUE_NOT_SET ->
          throw new IllegalStateException("variable [" + variable + "]: no JSON value for a " + lit.getValueCase());
    };
  }

  private static JsonValue scalar(Scalar s, String variable) {
    return switch (s.getValueCase()) {
      case PRIMITIVE -> primitive(s.getPrimitive());
      case BLOB -> JsonValue.of(s.getBlob().getUri());
      case SCHEMA -> JsonValue.of(s.getSchema().getUri());
      case STRUCTURED_DATASET -> JsonValue.of(s.getStructuredDataset().getUri());
      case BINARY -> binary(s.getBinary(), variable);
      case ERROR -> JsonValue.of(s.getError().getMessage());
      case GENERIC -> StructValues.toJson(s.getGeneric());
      case NONE_TYPE -> JsonValue.NULL;
      case UNION -> of(s.getUnion().getValue(), variable);
      case VALUE_NOT_SET ->
          throw new IllegalStateException("variable [" + variable + "]: no JSON value for a scalar " + s.getValueCase());
    };
  }

  private static JsonValue primitive(Primitive prim) {
    return switch (prim.getValueCase()) {
      case INTEGER -> JsonValue.of(prim.getInteger());
      case FLOAT_VALUE -> JsonValue.of(prim.getFloatValue());
      case STRING_VALUE -> JsonValue.of(prim.getStringValue());
      case BOOLEAN -> JsonValue.of(prim.getBoolean());
      case DATETIME -> JsonValue.of(PrimitiveTexts.datetime(prim.getDatetime()));
      case DURATION -> JsonValue.of(PrimitiveTexts.durationNanos(prim.getDuration()));
      case VALUE_NOT_SET -> JsonValue.NULL;
    };
  }

  /** base64, or for {@code tag: msgpack} the decoded value (a Flyte 2 dataclass or Pydantic model). */
  private static JsonValue binary(Binary bin, String variable) {
    byte[] bytes = bin.getValue().toByteArray();
    if (bin.getTag().equals(Scalars.BINARY_TAG)) {
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
