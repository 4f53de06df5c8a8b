package org.flyte.copilot.core.literal.text;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Go {@code encoding/json} text conventions (docs/compatibility.md, "Metadata files"): key order and UTF-8
 * decoding with
 * Go's replacement rules (string quoting is {@link GoStrings#appendJsonQuoted}).
 */
public final class GoJson {
  /** Go's {@code sort.Strings} order: byte order of the UTF-8 encodings, i.e. code point order. */
  public static final Comparator<String> KEY_ORDER = GoJson::compareUtf8;

  private GoJson() {}

  /** Compares by code point, which equals the byte order of the UTF-8 encodings Go sorts. */
  public static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Decodes UTF-8 as Go's {@code string} iteration does: every byte of an invalid sequence becomes
   * one U+FFFD (Java's decoder merges some sequences into one replacement).
   */
  public static String decodeUtf8(byte[] bytes) {
    return decodeUtf8(bytes, 0, bytes.length);
  }

  /** {@link #decodeUtf8(byte[])} of {@code length} bytes from {@code offset}. */
  public static String decodeUtf8(byte[] bytes, int offset, int length) {
    String fast = new String(bytes, offset, length, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      return fast;
    }
    StringBuilder b = new StringBuilder(length);
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int c = bytes[i] & 0xff;
      int need;
      int cp;
      int min;
      if (c < 0x80) {
        b.append((char) c);
        i++;
        continue;
      } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        min = 0x10000;
      } else {
        b.append('\uFFFD');
        i++;
        continue;
      }
      if (i + need >= end) {
        b.append('\uFFFD');
        i++;
        continue;
      }
      boolean ok = true;
      for (int k = 1; k <= need; k++) {
        int cc = bytes[i + k] & 0xff;
        if ((cc & 0xC0) != 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        b.append('\uFFFD');
        i++;
        continue;
      }
      b.appendCodePoint(cp);
      i += need + 1;
    }
    return b.toString();
  }
}
