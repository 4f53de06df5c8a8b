package org.flyte.copilot.core.text;

import java.util.Base64;

/**
 * A base64 flag value ({@code --interface}, {@code --input-interface}) as Go's copilot reads it: pflag's
 * {@code BytesBase64} trims surrounding white space and decodes with {@code base64.StdEncoding}, which
 * skips line breaks ({@code \r}, {@code \n}), so base64 wrapped at 76 columns decodes; any other character
 * outside the alphabet fails.
 */
public final class GoBase64 {
  private GoBase64() {}

  /** The bytes of {@code text}; an {@link IllegalArgumentException} when it is not base64 ({@link #problem} says why). */
  public static byte[] decode(String text) {
    return Base64.getDecoder().decode(withoutLineBreaks(text.strip()));
  }

  /**
   * Where text that did not decode goes wrong: its first foreign character (a control or other invisible
   * character as {@code U+0009}, so that the message stays one line) at its offset in the trimmed text,
   * else its length without line breaks.
   */
  public static String problem(String text) {
    String t = text.strip();
    for (int i = 0; i < t.length(); ) {
      int c = t.codePointAt(i);
      boolean alphabet = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
          || c == '=' || c == '\r' || c == '\n';
      if (!alphabet) {
        return "character " + shown(c) + " at offset " + i;
      }
      i += Character.charCount(c);
    }
    return "wrong padding for its length of " + withoutLineBreaks(t).length() + " characters, or '=' inside it";
  }

  private static String withoutLineBreaks(String text) {
    return text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace("\r", "").replace("\n", "");
  }

  /** {@code 'x'} for a visible character or a plain space, {@code U+000A} for any other. */
  private static String shown(int c) {
    int type = Character.getType(c);
    boolean invisible = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || type == Character.SPACE_SEPARATOR && c != ' '
        || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    return invisible ? String.format("U+%04X", c) : "'" + Character.toString(c) + "'";
  }
}
