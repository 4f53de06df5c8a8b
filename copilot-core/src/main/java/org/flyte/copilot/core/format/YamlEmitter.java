package org.flyte.copilot.core.format;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The subset of yaml.v2's emitter (emitterc.go, v2.4.0: indent 2, line width 80, unicode output)
 * that block mappings and sequences of scalars need, reproduced step by step so the bytes match:
 * the same scalar analysis, style choice, line folding, indentation and escaping. Single use.
 */
final class YamlEmitter {
  private static final int BEST_INDENT = 2;
  private static final int BEST_WIDTH = 80;

  /** Requested scalar styles, as yaml.v2's encoder asks for them. */
  enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL }

  /** A node of the document. */
  sealed interface Node permits Scalar, Sequence, Mapping {}

  /** A scalar: UTF-8 bytes and the style the encoder requests. */
  record Scalar(byte[] value, Style style) implements Node {}

  record Sequence(List<Node> items) implements Node {}

  record Entry(Node key, Node value) {}

  record Mapping(List<Entry> entries) implements Node {}

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int[] indents = new int[16];
  private int depth;
  private int indent = -1;
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int flowLevel;
  private boolean mappingContext;
  private boolean simpleKeyContext;

  /** The document for {@code root}, ending with a line break. */
  byte[] emitDocument(Node root) {
    emitNode(root, false, false);
    writeIndent();
    return out.toByteArray();
  }

  private void emitNode(Node node, boolean mapping, boolean simpleKey) {
    mappingContext = mapping;
    simpleKeyContext = simpleKey;
    if (node instanceof Scalar s) {
      emitScalar(s);
    } else if (node instanceof Sequence s) {
      if (flowLevel > 0 || s.items().isEmpty()) {
        emitEmptyFlow('[', ']');
      } else {
        emitBlockSequence(s);
      }
    } else {
      Mapping m = (Mapping) node;
      if (flowLevel > 0 || m.entries().isEmpty()) {
        emitEmptyFlow('{', '}');
      } else {
        emitBlockMapping(m);
      }
    }
  }

  /** Flow collections only ever appear empty here (non-empty ones are block style). */
  private void emitEmptyFlow(char open, char close) {
    writeIndicator(new byte[] {(byte) open}, true, true, false);
    increaseIndent(true, false);
    flowLevel++;
    flowLevel--;
    popIndent();
    writeIndicator(new byte[] {(byte) close}, false, false, false);
  }

  private void emitBlockSequence(Sequence s) {
    increaseIndent(false, mappingContext && !indention);
    for (Node item : s.items()) {
      writeIndent();
      writeIndicator(new byte[] {'-'}, true, false, true);
      emitNode(item, false, false);
    }
    popIndent();
  }

  private void emitBlockMapping(Mapping m) {
    increaseIndent(false, false);
    for (Entry e : m.entries()) {
      writeIndent();
      if (isSimpleKey(e.key())) {
        emitNode(e.key(), true, true);
        writeIndicator(new byte[] {':'}, false, false, false);
      } else {
        writeIndicator(new byte[] {'?'}, true, false, true);
        emitNode(e.key(), true, false);
        writeIndent();
        writeIndicator(new byte[] {':'}, true, false, true);
      }
      emitNode(e.value(), true, false);
    }
    popIndent();
  }

  private static boolean isSimpleKey(Node key) {
    if (key instanceof Scalar s) {
      return !Analysis.of(s.value()).multiline() && s.value().length <= 128;
    }
    if (key instanceof Sequence s) {
      return s.items().isEmpty();
    }
    return ((Mapping) key).entries().isEmpty();
  }

  private void emitScalar(Scalar s) {
    Analysis a = Analysis.of(s.value());
    Style style = s.style();
    if (simpleKeyContext && a.multiline()) {
      style = Style.DOUBLE_QUOTED;
    }
    if (style == Style.PLAIN) {
      if ((flowLevel > 0 && !a.flowPlainAllowed()) || (flowLevel == 0 && !a.blockPlainAllowed())) {
        style = Style.SINGLE_QUOTED;
      }
      if (s.value().length == 0 && (flowLevel > 0 || simpleKeyContext)) {
        style = Style.SINGLE_QUOTED;
      }
    }
    if (style == Style.SINGLE_QUOTED && !a.singleQuotedAllowed()) {
      style = Style.DOUBLE_QUOTED;
    }
    if (style == Style.LITERAL && (!a.blockAllowed() || flowLevel > 0 || simpleKeyContext)) {
      style = Style.DOUBLE_QUOTED;
    }
    increaseIndent(true, false);
    boolean allowBreaks = !simpleKeyContext;
    switch (style) {
      case PLAIN -> writePlain(s.value(), allowBreaks);
      case SINGLE_QUOTED -> writeSingleQuoted(s.value(), allowBreaks);
      case DOUBLE_QUOTED -> writeDoubleQuoted(s.value(), allowBreaks);
      case LITERAL -> writeLiteral(s.value());
    }
    popIndent();
  }

  // ---- indentation and low-level output

  private void increaseIndent(boolean flow, boolean indentless) {
    if (depth == indents.length) {
      indents = java.util.Arrays.copyOf(indents, depth * 2);
    }
    indents[depth++] = indent;
    if (indent < 0) {
      indent = flow ? BEST_INDENT : 0;
    } else if (!indentless) {
      indent += BEST_INDENT;
    }
  }

  private void popIndent() {
    indent = indents[--depth];
  }

  private void writeIndent() {
    int ind = Math.max(indent, 0);
    if (!indention || column > ind || (column == ind && !whitespace)) {
      putBreak();
    }
    while (column < ind) {
      put((byte) ' ');
    }
    whitespace = true;
    indention = true;
  }

  private void writeIndicator(byte[] indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put((byte) ' ');
    }
    for (int i = 0; i < indicator.length; ) {
      i = write(indicator, i);
    }
    whitespace = isWhitespace;
    indention = indention && isIndention;
  }

  private void put(byte b) {
    out.write(b);
    column++;
  }

  private void putBreak() {
    out.write('\n');
    column = 0;
  }

  /** Copies the character at {@code i}; returns the index after it. */
  private int write(byte[] s, int i) {
    int w = width(s[i]);
    out.write(s, i, w);
    column++;
    return i + w;
  }

  private int writeBreak(byte[] s, int i) {
    if (s[i] == '\n') {
      putBreak();
      return i + 1;
    }
    int next = write(s, i);
    column = 0;
    return next;
  }

  // ---- scalar writers

  private void writePlain(byte[] v, boolean allowBreaks) {
    if (!whitespace) {
      put((byte) ' ');
    }
    writeFoldable(v, allowBreaks, false);
    whitespace = false;
    indention = false;
  }

  private void writeSingleQuoted(byte[] v, boolean allowBreaks) {
    writeIndicator(new byte[] {'\''}, true, false, false);
    writeFoldable(v, allowBreaks, true);
    writeIndicator(new byte[] {'\''}, false, false, false);
    whitespace = false;
    indention = false;
  }

  /**
   * The body of a plain or single-quoted scalar, as libyaml writes both: a long line may be folded at
   * a single space (inside a quoted one, never at its first or last byte), breaks are kept, and a
   * quote inside a single-quoted scalar is doubled.
   */
  private void writeFoldable(byte[] v, boolean allowBreaks, boolean singleQuoted) {
    boolean spaces = false;
    boolean breaks = false;
    for (int i = 0; i < v.length; ) {
      if (isSpace(v, i)) {
        boolean foldHere = !singleQuoted || (i > 0 && i < v.length - 1);
        if (allowBreaks && !spaces && column > BEST_WIDTH && foldHere && !isSpace(v, i + 1)) {
          writeIndent();
          i += width(v[i]);
        } else {
          i = write(v, i);
        }
        spaces = true;
      } else if (isBreak(v, i)) {
        if (!breaks && v[i] == '\n') {
          putBreak();
        }
        i = writeBreak(v, i);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        if (singleQuoted && v[i] == '\'') {
          put((byte) '\'');
        }
        i = write(v, i);
        indention = false;
        spaces = false;
        breaks = false;
      }
    }
  }

  private void writeDoubleQuoted(byte[] v, boolean allowBreaks) {
    boolean spaces = false;
    writeIndicator(new byte[] {'"'}, true, false, false);
    for (int i = 0; i < v.length; ) {
      if (!isPrintable(v, i) || isBom(v) || isBreak(v, i) || v[i] == '"' || v[i] == '\\') {
        int w = width(v[i]);
        int cp = codePoint(v, i, w);
        i += w;
        put((byte) '\\');
        switch (cp) {
          case 0x00 -> put((byte) '0');
          case 0x07 -> put((byte) 'a');
          case 0x08 -> put((byte) 'b');
          case 0x09 -> put((byte) 't');
          case 0x0A -> put((byte) 'n');
          case 0x0B -> put((byte) 'v');
          case 0x0C -> put((byte) 'f');
          case 0x0D -> put((byte) 'r');
          case 0x1B -> put((byte) 'e');
          case 0x22 -> put((byte) '"');
          case 0x5C -> put((byte) '\\');
          case 0x85 -> put((byte) 'N');
          case 0xA0 -> put((byte) '_');
          case 0x2028 -> put((byte) 'L');
          case 0x2029 -> put((byte) 'P');
          default -> {
            int digits;
            if (cp <= 0xFF) {
              put((byte) 'x');
              digits = 2;
            } else if (cp <= 0xFFFF) {
              put((byte) 'u');
              digits = 4;
            } else {
              put((byte) 'U');
              digits = 8;
            }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
              int digit = (cp >> k) & 0x0F;
              put((byte) (digit < 10 ? '0' + digit : 'A' + digit - 10));
            }
          }
        }
        spaces = false;
      } else if (isSpace(v, i)) {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          writeIndent();
          if (isSpace(v, i + 1)) {
            put((byte) '\\');
          }
          i += width(v[i]);
        } else {
          i = write(v, i);
        }
        spaces = true;
      } else {
        i = write(v, i);
        spaces = false;
      }
    }
    writeIndicator(new byte[] {'"'}, false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeLiteral(byte[] v) {
    writeIndicator(new byte[] {'|'}, true, false, false);
    writeBlockScalarHints(v);
    putBreak();
    indention = true;
    whitespace = true;
    boolean breaks = true;
    for (int i = 0; i < v.length; ) {
      if (isBreak(v, i)) {
        i = writeBreak(v, i);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        i = write(v, i);
        indention = false;
        breaks = false;
      }
    }
  }

  private void writeBlockScalarHints(byte[] v) {
    if (isSpace(v, 0) || isBreak(v, 0)) {
      writeIndicator(new byte[] {(byte) ('0' + BEST_INDENT)}, false, false, false);
    }
    byte chomp = 0;
    if (v.length == 0) {
      chomp = '-';
    } else {
      int i = v.length - 1;
      while ((v[i] & 0xC0) == 0x80) {
        i--;
      }
      if (!isBreak(v, i)) {
        chomp = '-';
      } else if (i == 0) {
        chomp = '+';
      } else {
        i--;
        while ((v[i] & 0xC0) == 0x80) {
          i--;
        }
        if (isBreak(v, i)) {
          chomp = '+';
        }
      }
    }
    if (chomp != 0) {
      writeIndicator(new byte[] {chomp}, false, false, false);
    }
  }

  // ---- character classes (yamlprivateh.go)

  static int width(byte b) {
    int c = b & 0xff;
    if ((c & 0x80) == 0) {
      return 1;
    }
    if ((c & 0xE0) == 0xC0) {
      return 2;
    }
    if ((c & 0xF0) == 0xE0) {
      return 3;
    }
    if ((c & 0xF8) == 0xF0) {
      return 4;
    }
    throw new IllegalArgumentException("invalid UTF-8 lead byte 0x" + Integer.toHexString(c));
  }

  /** The code point of the {@code w}-byte UTF-8 sequence at {@code i} ({@code w} from {@link #width}). */
  private static int codePoint(byte[] s, int i, int w) {
    int cp = s[i] & (0xFF >> (w == 1 ? 1 : w + 1));
    for (int k = 1; k < w; k++) {
      cp = (cp << 6) + (s[i + k] & 0x3F);
    }
    return cp;
  }

  private static int at(byte[] b, int i) {
    return i < b.length ? b[i] & 0xff : 0;
  }

  static boolean isPrintable(byte[] b, int i) {
    int c = at(b, i);
    int c1 = at(b, i + 1);
    int c2 = at(b, i + 2);
    return c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || (c == 0xC2 && c1 >= 0xA0)
        || (c > 0xC2 && c < 0xED)
        || (c == 0xED && c1 < 0xA0)
        || c == 0xEE
        || (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
  }

  /** yaml.v2 checks for a byte order mark at the start of the value, whatever the position. */
  private static boolean isBom(byte[] b) {
    return at(b, 0) == 0xEF && at(b, 1) == 0xBB && at(b, 2) == 0xBF;
  }

  static boolean isSpace(byte[] b, int i) {
    return at(b, i) == ' ';
  }

  static boolean isBlank(byte[] b, int i) {
    int c = at(b, i);
    return c == ' ' || c == '\t';
  }

  static boolean isBreak(byte[] b, int i) {
    int c = at(b, i);
    return c == '\r' || c == '\n'
        || (c == 0xC2 && at(b, i + 1) == 0x85)
        || (c == 0xE2 && at(b, i + 1) == 0x80 && (at(b, i + 2) == 0xA8 || at(b, i + 2) == 0xA9));
  }

  static boolean isBlankz(byte[] b, int i) {
    return isBlank(b, i) || isBreak(b, i) || i >= b.length || at(b, i) == 0;
  }

  /** yaml_emitter_analyze_scalar: which styles can hold the value. */
  record Analysis(boolean multiline, boolean flowPlainAllowed, boolean blockPlainAllowed,
      boolean singleQuotedAllowed, boolean blockAllowed) {

    static Analysis of(byte[] value) {
      if (value.length == 0) {
        return new Analysis(false, false, true, true, false);
      }
      boolean blockIndicators = false;
      boolean flowIndicators = false;
      boolean lineBreaks = false;
      boolean specialCharacters = false;
      boolean edgeWhitespace = false;
      boolean trailingSpace = false;
      boolean breakSpace = false;
      boolean spaceBreak = false;
      boolean previousSpace = false;
      boolean previousBreak = false;

      if (value.length >= 3 && ((value[0] == '-' && value[1] == '-' && value[2] == '-')
          || (value[0] == '.' && value[1] == '.' && value[2] == '.'))) {
        blockIndicators = true;
        flowIndicators = true;
      }
      boolean precededByWhitespace = true;
      for (int i = 0, w; i < value.length; i += w) {
        w = width(value[i]);
        boolean followedByWhitespace = i + w >= value.length || isBlank(value, i + w);
        int c = value[i] & 0xff;
        if (i == 0) {
          switch (c) {
            case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
              flowIndicators = true;
              blockIndicators = true;
            }
            case '?', ':' -> {
              flowIndicators = true;
              if (followedByWhitespace) {
                blockIndicators = true;
              }
            }
            case '-' -> {
              if (followedByWhitespace) {
                flowIndicators = true;
                blockIndicators = true;
              }
            }
            default -> { }
          }
        } else {
          switch (c) {
            case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
            case ':' -> {
              flowIndicators = true;
              if (followedByWhitespace) {
                blockIndicators = true;
              }
            }
            case '#' -> {
              if (precededByWhitespace) {
                flowIndicators = true;
                blockIndicators = true;
              }
            }
            default -> { }
          }
        }
        if (!isPrintable(value, i)) {
          specialCharacters = true;
        }
        boolean space = isSpace(value, i);
        boolean lineBreak = !space && isBreak(value, i);
        boolean last = i + w == value.length;
        lineBreaks |= lineBreak;
        edgeWhitespace |= (space || lineBreak) && (i == 0 || last);
        trailingSpace |= space && last;
        breakSpace |= space && previousBreak;
        spaceBreak |= lineBreak && previousSpace;
        previousSpace = space;
        previousBreak = lineBreak;
        precededByWhitespace = isBlankz(value, i);
      }
      // each style with the features that rule it out
      boolean plainRuledOut = edgeWhitespace || breakSpace || spaceBreak || specialCharacters || lineBreaks;
      return new Analysis(lineBreaks,
          !(plainRuledOut || flowIndicators),
          !(plainRuledOut || blockIndicators),
          !(breakSpace || spaceBreak || specialCharacters),
          !(trailingSpace || spaceBreak || specialCharacters));
    }
  }
}
