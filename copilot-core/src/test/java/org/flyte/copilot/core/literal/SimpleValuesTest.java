package org.flyte.copilot.core.literal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Types.SimpleType;
import org.flyte.copilot.core.literal.text.ValueFormatException;
import org.junit.jupiter.api.Test;

class SimpleValuesTest {

  @Test
  void fromText_refusal_isPrefixedAsGoDoes() {
    assertThatThrownBy(() -> SimpleValues.fromText(SimpleType.INTEGER, "x"))
        .isInstanceOf(ValueFormatException.class)
        .hasMessage("failed to parse integer value: strconv.ParseInt: parsing \"x\": invalid syntax");
    assertThatThrownBy(() -> SimpleValues.fromText(SimpleType.UNRECOGNIZED, "1"))
        .hasMessage("unknown simple type in the task interface");
  }

  @Test
  void fromJson_integralDuration_isNanoseconds() {
    Literal d = SimpleValues.fromJson(SimpleType.DURATION, IntNode.valueOf(1500));

    assertThat(d.getScalar().getPrimitive().getDuration().getSeconds()).isZero();
    assertThat(d.getScalar().getPrimitive().getDuration().getNanos()).isEqualTo(1500);
  }

  @Test
  void fromJson_textIsTrimmedAndParsed() {
    assertThat(SimpleValues.fromJson(SimpleType.INTEGER, TextNode.valueOf(" 42\n")))
        .isEqualTo(Scalars.primitive(Primitive.newBuilder().setInteger(42)));
  }

  @Test
  void fromJson_wrongNode_namesWhatWasFound() {
    assertThatThrownBy(() -> SimpleValues.fromJson(SimpleType.STRUCT, TextNode.valueOf("a")))
        .hasMessage("failed to load generic type: expected a JSON or YAML object, found a string");
    assertThatThrownBy(() -> SimpleValues.fromJson(SimpleType.BOOLEAN, JsonNodeFactory.instance.arrayNode()))
        .hasMessage("expected true or false, found an array");
    assertThatThrownBy(() -> SimpleValues.fromJson(SimpleType.FLOAT, null))
        .hasMessage("the value is null, but the output type FLOAT is not optional");
  }

  @Test
  void trim_stripsOnlyGoWhitespace() {
    assertThat(SimpleValues.trim(" \t\r\n x \u00a0\n")).isEqualTo("x \u00a0");
  }
}
