package org.flyte.copilot.core.literal.text;

import java.util.Locale;

/**
 * Boolean output text: Go's {@code strconv.ParseBool} spellings ({@code 1 t T TRUE true True} and the
 * false ones), extended (D11) to any letter case and to {@code yes}/{@code no}.
 */
public final class Booleans {
  private Booleans() {}

  public static boolean parse(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "1", "t", "true", "yes":
        return true;
      case "0", "f", "false", "no":
        return false;
      default:
        throw new ValueFormatException("strconv.ParseBool: parsing " + GoStrings.quote(s)
            + ": invalid syntax (accepted: true/false, t/f, 1/0, yes/no, in any letter case)");
    }
  }
}
