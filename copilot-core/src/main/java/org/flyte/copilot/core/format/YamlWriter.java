package org.flyte.copilot.core.format;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.flyte.copilot.core.format.JsonValue.ArrayValue;
import org.flyte.copilot.core.format.JsonValue.BoolValue;
import org.flyte.copilot.core.format.JsonValue.FloatValue;
import org.flyte.copilot.core.format.JsonValue.IntValue;
import org.flyte.copilot.core.format.JsonValue.NullValue;
import org.flyte.copilot.core.format.JsonValue.ObjectValue;
import org.flyte.copilot.core.format.JsonValue.StringValue;
import org.flyte.copilot.core.format.JsonValue.UIntValue;
import org.flyte.copilot.core.format.YamlEmitter.Entry;
import org.flyte.copilot.core.format.YamlEmitter.Node;
import org.flyte.copilot.core.format.YamlEmitter.Scalar;
import org.flyte.copilot.core.format.YamlEmitter.Style;
import org.flyte.copilot.core.literal.text.GoFloats;

/**
 * Writes {@code inputs.yaml} as Go's copilot does (docs/compatibility.md, "Metadata files"): ghodss/yaml
 * marshals the map
 * to JSON, yaml.v2 (v2.4.0) reads that JSON back and writes it as YAML. The round trip is modelled
 * here: a JSON number becomes an int when its text is an integer (so {@code -0} becomes {@code 0}),
 * otherwise a float re-rendered with {@code %g}; keys are ordered by yaml.v2's natural sort; strings
 * are quoted, folded at 80 columns or written as literal blocks exactly as yaml.v2 decides. Non-finite
 * floats are the strings {@code NaN}, {@code Infinity}, {@code -Infinity}, as in {@code inputs.json}.
 */
public final class YamlWriter {
  private YamlWriter() {}

  /** The YAML document of {@code value}, ending with a newline ({@code {}\n} for an empty map). */
  public static String write(JsonValue value) {
    byte[] doc = new YamlEmitter().emitDocument(node(value));
    return new String(doc, StandardCharsets.UTF_8);
  }

  /**
   * Writes the mapping {@code {key: valueOf(key), ...}} as {@link #write} would, one key at a time:
   * a top-level block mapping is its entries one after the other, each rendered on its own.
   */
  public static void writeMapping(OutputStream out, Collection<String> keys, Function<String, JsonValue> valueOf)
      throws IOException {
    if (keys.isEmpty()) {
      out.write("{}\n".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    for (String key : sortedKeys(keys)) {
      Node entry = new YamlEmitter.Mapping(List.of(new Entry(string(key), node(valueOf.apply(key)))));
      out.write(new YamlEmitter().emitDocument(entry));
    }
  }

  private static Node node(JsonValue value) {
    if (value instanceof NullValue) {
      return plain("null");
    } else if (value instanceof BoolValue v) {
      return plain(v.value() ? "true" : "false");
    } else if (value instanceof IntValue v) {
      return plain(Long.toString(v.value()));
    } else if (value instanceof UIntValue v) {
      return plain(v.text());
    } else if (value instanceof FloatValue v) {
      String special = JsonWriter.nonFiniteName(v.value());
      if (special != null) {
        return string(special);
      }
      return plain(numberFromJson(JsonWriter.numberText(v)));
    } else if (value instanceof StringValue v) {
      return string(v.value());
    } else if (value instanceof ArrayValue v) {
      List<Node> items = new ArrayList<>(v.items().size());
      for (JsonValue item : v.items()) {
        items.add(node(item));
      }
      return new YamlEmitter.Sequence(items);
    } else if (value instanceof ObjectValue v) {
      List<String> keys = sortedKeys(v.fields());
      List<Entry> entries = new ArrayList<>(keys.size());
      for (String k : keys) {
        entries.add(new Entry(string(k), node(v.fields().get(k))));
      }
      return new YamlEmitter.Mapping(entries);
    }
    throw new IllegalArgumentException("unknown JSON value " + value);
  }

  /** How yaml.v2 re-renders a JSON number: int64 or uint64 text as is, anything else as a float64 with {@code %g}. */
  static String numberFromJson(String jsonText) {
    boolean integral = jsonText.indexOf('.') < 0 && jsonText.indexOf('e') < 0 && jsonText.indexOf('E') < 0;
    if (integral) {
      BigInteger big = new BigInteger(jsonText);
      if (big.bitLength() < 64 || (big.signum() >= 0 && big.bitLength() <= 64)) {
        return big.toString();
      }
    }
    return GoFloats.formatG(Double.parseDouble(jsonText));
  }

  private static Scalar plain(String s) {
    return new Scalar(s.getBytes(StandardCharsets.UTF_8), Style.PLAIN);
  }

  /** yaml.v2's stringv: literal for multi-line text, plain when it would read back as a string, else double-quoted. */
  private static Scalar string(String s) {
    String clean = foldNextLines(replaceLoneSurrogates(s));
    Style style;
    if (clean.indexOf('\n') >= 0) {
      style = Style.LITERAL;
    } else if (YamlResolver.canUsePlain(clean)) {
      style = Style.PLAIN;
    } else {
      style = Style.DOUBLE_QUOTED;
    }
    return new Scalar(clean.getBytes(StandardCharsets.UTF_8), style);
  }

  /**
   * Go's JSON leaves U+0085 (NEL) unescaped, and yaml.v2 reads a raw NEL inside a double-quoted
   * scalar as a line break and folds it: a run of spaces and NELs becomes one space when it holds
   * one NEL, else one newline per NEL after the first.
   */
  static String foldNextLines(String s) {
    if (s.indexOf('\u0085') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\u0085') {
        b.append(c);
        i++;
        continue;
      }
      int start = i;
      int nel = 0;
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\u0085')) {
        if (s.charAt(i) == '\u0085') {
          nel++;
        }
        i++;
      }
      if (nel == 0) {
        b.append(s, start, i);
      } else if (nel == 1) {
        b.append(' ');
      } else {
        b.append("\n".repeat(nel - 1));
      }
    }
    return b.toString();
  }

  /** inputs.json writes an unpaired surrogate as the escape of U+FFFD, which is what yaml.v2 reads back. */
  private static String replaceLoneSurrogates(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
      if (paired) {
        if (b != null) {
          b.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (b == null) {
          b = new StringBuilder(s.length()).append(s, 0, i);
        }
        b.append('\uFFFD');
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  /** yaml.v2's keyList.Less for two string keys: non-letters before letters, digit runs compared by value. */
  static int compareKeys(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    return less(a, b) ? -1 : (less(b, a) ? 1 : 0);
  }

  private static boolean less(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return ar[i] < br[i];
      }
      if (al || bl) {
        return bl;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
        an = an * 10 + (ar[ai] - '0');
      }
      int bi = i;
      for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
        bn = bn * 10 + (br[bi] - '0');
      }
      if (an != bn) {
        return an < bn;
      }
      if (ai != bi) {
        return ai < bi;
      }
      return ar[i] < br[i];
    }
    return ar.length < br.length;
  }

  /** The keys in yaml.v2's order; an inconsistent pair (which Go's sort tolerates) falls back to insertion sort. */
  static List<String> sortedKeys(Map<String, JsonValue> fields) {
    return sortedKeys(fields.keySet());
  }

  static List<String> sortedKeys(Collection<String> names) {
    List<String> keys = new ArrayList<>(names);
    keys.sort(null); // a fixed starting order, so that the fallback below gives the same result every run
    try {
      keys.sort(YamlWriter::compareKeys);
    } catch (IllegalArgumentException inconsistent) {
      for (int i = 1; i < keys.size(); i++) {
        String k = keys.get(i);
        int j = i - 1;
        while (j >= 0 && less(k, keys.get(j))) {
          keys.set(j + 1, keys.get(j));
          j--;
        }
        keys.set(j + 1, k);
      }
    }
    return keys;
  }
}
