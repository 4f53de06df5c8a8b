package org.flyte.copilot.core.literal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** What a JSON/YAML node is, in the words of a message: "a string", "an array", "null". */
public final class JsonKinds {
  private JsonKinds() {}

  public static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
