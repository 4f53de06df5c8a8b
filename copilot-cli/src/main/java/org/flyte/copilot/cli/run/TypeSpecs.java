package org.flyte.copilot.cli.run;

import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.UnionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.flyte.copilot.core.literal.LiteralTypes;

/**
 * Parses the type names a task spec uses, Python-style: {@code int}, {@code float}, {@code str},
 * {@code bool}, {@code datetime}, {@code duration}, {@code struct}, {@code file}, {@code file[csv]},
 * {@code dir}, {@code dataset[parquet]}, {@code list[T]}, {@code dict[str, T]}, {@code optional[T]},
 * {@code union[A, B]}, {@code enum[a, b]}. The inverse, for display, is {@link LiteralTypes#specName}.
 */
public final class TypeSpecs {
  private TypeSpecs() {}

  /** The names of the simple types, with their aliases. */
  private static final Map<String, SimpleType> SIMPLE_NAMES = Map.ofEntries(
      Map.entry("int", SimpleType.INTEGER), Map.entry("integer", SimpleType.INTEGER),
      Map.entry("float", SimpleType.FLOAT), Map.entry("double", SimpleType.FLOAT),
      Map.entry("str", SimpleType.STRING), Map.entry("string", SimpleType.STRING),
      Map.entry("bool", SimpleType.BOOLEAN), Map.entry("boolean", SimpleType.BOOLEAN),
      Map.entry("datetime", SimpleType.DATETIME),
      Map.entry("duration", SimpleType.DURATION), Map.entry("timedelta", SimpleType.DURATION),
      Map.entry("struct", SimpleType.STRUCT), Map.entry("json", SimpleType.STRUCT),
      Map.entry("dataclass", SimpleType.STRUCT),
      Map.entry("binary", SimpleType.BINARY), Map.entry("bytes", SimpleType.BINARY),
      Map.entry("none", SimpleType.NONE));

  public static LiteralType parse(String text) {
    Parser p = new Parser(text);
    LiteralType t = p.type();
    p.skipSpaces();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the type");
    }
    return t;
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    IllegalArgumentException error(String why) {
      return new IllegalArgumentException("type \"" + s + "\": " + why + " at position " + pos);
    }

    void skipSpaces() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    String word() {
      skipSpaces();
      int start = pos;
      while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "_-.".indexOf(s.charAt(pos)) >= 0)) {
        pos++;
      }
      if (start == pos) {
        throw error("expected a type name");
      }
      return s.substring(start, pos);
    }

    boolean peek(char c) {
      skipSpaces();
      return pos < s.length() && s.charAt(pos) == c;
    }

    void expect(char c) {
      if (!peek(c)) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    List<LiteralType> args() {
      return bracketed(this::type);
    }

    List<String> words() {
      return bracketed(this::word);
    }

    /** {@code [a, b, ...]}: one or more items, each read by {@code item}. */
    private <T> List<T> bracketed(Supplier<T> item) {
      List<T> out = new ArrayList<>();
      expect('[');
      out.add(item.get());
      while (peek(',')) {
        pos++;
        out.add(item.get());
      }
      expect(']');
      return out;
    }

    LiteralType type() {
      String name = word().toLowerCase(Locale.ROOT);
      SimpleType simple = SIMPLE_NAMES.get(name);
      if (simple != null) {
        return simple(simple);
      }
      switch (name) {
        case "file", "blob":
          return blob(BlobType.BlobDimensionality.SINGLE);
        case "dir", "directory":
          return blob(BlobType.BlobDimensionality.MULTIPART);
        case "dataset", "dataframe": {
          return LiteralType.newBuilder()
              .setStructuredDatasetType(StructuredDatasetType.newBuilder().setFormat(format())).build();
        }
        case "list":
          return LiteralType.newBuilder().setCollectionType(single(args(), "list")).build();
        case "dict", "map": {
          List<LiteralType> a = args();
          if (a.size() == 2) {
            if (a.get(0).getSimple() != SimpleType.STRING) {
              throw error("dict keys must be str");
            }
            return LiteralType.newBuilder().setMapValueType(a.get(1)).build();
          }
          return LiteralType.newBuilder().setMapValueType(single(a, "dict")).build();
        }
        case "optional": {
          LiteralType inner = single(args(), "optional");
          return LiteralType.newBuilder().setUnionType(UnionType.newBuilder()
              .addVariants(inner).addVariants(simple(SimpleType.NONE))).build();
        }
        case "union":
          return LiteralType.newBuilder().setUnionType(UnionType.newBuilder().addAllVariants(args())).build();
        case "enum":
          return LiteralType.newBuilder().setEnumType(EnumType.newBuilder().addAllValues(words())).build();
        default:
          throw error("unknown type name \"" + name + "\" (known: int, float, str, bool, datetime, duration, "
              + "struct, binary, file, dir, dataset, list[T], dict[str, T], optional[T], union[...], enum[...])");
      }
    }

    private LiteralType blob(BlobType.BlobDimensionality dim) {
      return LiteralType.newBuilder()
          .setBlob(BlobType.newBuilder().setFormat(format()).setDimensionality(dim)).build();
    }

    /** The format of a file, dir or dataset type: {@code csv} in {@code file[csv]}, else empty. */
    private String format() {
      return peek('[') ? words().get(0) : "";
    }

    private LiteralType single(List<LiteralType> a, String what) {
      if (a.size() != 1) {
        throw error(what + " takes one type argument");
      }
      return a.get(0);
    }

    private static LiteralType simple(SimpleType t) {
      return LiteralType.newBuilder().setSimple(t).build();
    }
  }
}
