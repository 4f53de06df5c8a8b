package org.flyte.copilot.upload;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;

/** Small builders for the literals the readers produce. */
final class Literals {
  private Literals() {}

  static Literal scalar(Scalar.Builder s) {
    return Literal.newBuilder().setScalar(s).build();
  }

  static Literal primitive(Primitive.Builder p) {
    return scalar(Scalar.newBuilder().setPrimitive(p));
  }

  static Literal string(String s) {
    return primitive(Primitive.newBuilder().setStringValue(s));
  }

  static String jsonKind(com.fasterxml.jackson.databind.JsonNode node) {
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
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
