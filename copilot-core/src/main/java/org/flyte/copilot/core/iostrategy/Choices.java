package org.flyte.copilot.core.iostrategy;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Parses the enum-valued flags with one message format listing the allowed values in a fixed order. */
public final class Choices {
  private Choices() {}

  /**
   * The constant named exactly {@code value} (case-sensitive, as Flyte's enum names are), or an
   * {@link IllegalArgumentException} such as {@code incorrect input download format specified, given
   * [XML], possible values [JSON YAML PROTO]}.
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(" "));
    throw new IllegalArgumentException(
        "incorrect " + what + " specified, given [" + value + "], possible values [" + allowed + "]");
  }
}
