package org.flyte.copilot.core.format;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flyte.copilot.core.format.JsonValue.FloatValue;
import org.flyte.copilot.core.format.JsonValue.IntValue;
import org.flyte.copilot.core.format.JsonValue.StringValue;
import org.flyte.copilot.core.format.JsonValue.UIntValue;
import org.flyte.copilot.core.literal.text.GoJson;
import org.flyte.copilot.core.literal.text.GoTimes;

/**
 * Decodes one MessagePack value (how Flyte 2 stores dataclasses and Pydantic models in
 * {@code Binary{tag: "msgpack"}}) into a JSON value. Mapping: nil, booleans, integers (unsigned
 * beyond int64 kept exact), float32/float64, str (invalid UTF-8 replaced as Go does), bin as
 * standard base64, arrays, maps (a non-string key becomes its JSON text, the last duplicate wins),
 * the timestamp extension (-1) as an RFC3339 string, other extensions as base64 of their data.
 */
public final class MsgpackDecoder {
  private static final int MAX_DEPTH = 512;

  private final byte[] in;
  private int pos;

  private MsgpackDecoder(byte[] in) {
    this.in = in;
  }

  /**
   * The single value {@code bytes} hold.
   *
   * @throws IllegalArgumentException when the bytes are not exactly one well-formed value
   */
  public static JsonValue decode(byte[] bytes) {
    MsgpackDecoder d = new MsgpackDecoder(bytes);
    JsonValue v = d.value(0);
    if (d.pos != bytes.length) {
      throw new IllegalArgumentException("msgpack: " + (bytes.length - d.pos) + " trailing bytes after the value");
    }
    return v;
  }

  private JsonValue value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("msgpack: nesting deeper than " + MAX_DEPTH);
    }
    int b = u8();
    if (b <= 0x7f) {
      return JsonValue.of((long) b);
    }
    if (b >= 0xe0) {
      return JsonValue.of((long) (byte) b);
    }
    if (b >= 0x80 && b <= 0x8f) {
      return map(b & 0x0f, depth);
    }
    if (b >= 0x90 && b <= 0x9f) {
      return array(b & 0x0f, depth);
    }
    if (b >= 0xa0 && b <= 0xbf) {
      return str(b & 0x1f);
    }
    return switch (b) {
      case 0xc0 -> JsonValue.NULL;
      case 0xc2 -> JsonValue.of(false);
      case 0xc3 -> JsonValue.of(true);
      case 0xc4 -> bin(u8());
      case 0xc5 -> bin(u16());
      case 0xc6 -> bin(length32());
      case 0xc7 -> ext(u8());
      case 0xc8 -> ext(u16());
      case 0xc9 -> ext(length32());
      case 0xca -> new FloatValue(Float.intBitsToFloat((int) u32()), true);
      case 0xcb -> JsonValue.of(Double.longBitsToDouble(u64()));
      case 0xcc -> JsonValue.of((long) u8());
      case 0xcd -> JsonValue.of((long) u16());
      case 0xce -> JsonValue.of(u32());
      case 0xcf -> unsigned(u64());
      case 0xd0 -> JsonValue.of((long) (byte) u8());
      case 0xd1 -> JsonValue.of((long) (short) u16());
      case 0xd2 -> JsonValue.of((long) (int) u32());
      case 0xd3 -> JsonValue.of(u64());
      case 0xd4 -> ext(1);
      case 0xd5 -> ext(2);
      case 0xd6 -> ext(4);
      case 0xd7 -> ext(8);
      case 0xd8 -> ext(16);
      case 0xd9 -> str(u8());
      case 0xda -> str(u16());
      case 0xdb -> str(length32());
      case 0xdc -> array(u16(), depth);
      case 0xdd -> array(length32(), depth);
      case 0xde -> map(u16(), depth);
      case 0xdf -> map(length32(), depth);
      default -> throw new IllegalArgumentException(
          "msgpack: unknown type byte 0x" + Integer.toHexString(b) + " at offset " + (pos - 1));
    };
  }

  private static JsonValue unsigned(long bits) {
    return bits >= 0 ? new IntValue(bits) : new UIntValue(bits);
  }

  private JsonValue array(int n, int depth) {
    List<JsonValue> items = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      items.add(value(depth + 1));
    }
    return JsonValue.array(items);
  }

  private JsonValue map(int n, int depth) {
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      JsonValue key = value(depth + 1);
      JsonValue val = value(depth + 1);
      fields.put(keyText(key), val);
    }
    return JsonValue.object(fields);
  }

  private static String keyText(JsonValue key) {
    if (key instanceof StringValue s) {
      return s.value();
    }
    return JsonWriter.write(key);
  }

  private JsonValue str(int n) {
    need(n);
    String s = GoJson.decodeUtf8(in, pos, n);
    pos += n;
    return JsonValue.of(s);
  }

  private JsonValue bin(int n) {
    return JsonValue.of(Base64.getEncoder().encodeToString(bytes(n)));
  }

  private JsonValue ext(int n) {
    int type = (byte) u8();
    byte[] data = bytes(n);
    if (type == -1) {
      return JsonValue.of(timestamp(data));
    }
    return JsonValue.of(Base64.getEncoder().encodeToString(data));
  }

  private static String timestamp(byte[] d) {
    long seconds;
    int nanos;
    switch (d.length) {
      case 4 -> {
        seconds = be(d, 0, 4);
        nanos = 0;
      }
      case 8 -> {
        long v = be(d, 0, 8);
        nanos = (int) (v >>> 34);
        seconds = v & 0x3_FFFF_FFFFL;
      }
      case 12 -> {
        nanos = (int) be(d, 0, 4);
        seconds = be(d, 4, 8);
      }
      default -> throw new IllegalArgumentException("msgpack: timestamp extension of " + d.length + " bytes");
    }
    return GoTimes.rfc3339Nano(seconds, nanos);
  }

  private static long be(byte[] d, int off, int len) {
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | (d[off + i] & 0xff);
    }
    return v;
  }

  private byte[] bytes(int n) {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(in, pos, out, 0, n);
    pos += n;
    return out;
  }

  private void need(int n) {
    if (n < 0 || n > in.length - pos) {
      throw new IllegalArgumentException("msgpack: value at offset " + pos + " needs " + n + " bytes, "
          + (in.length - pos) + " left");
    }
  }

  private int u8() {
    need(1);
    return in[pos++] & 0xff;
  }

  private int u16() {
    return (u8() << 8) | u8();
  }

  private long u32() {
    return ((long) u16() << 16) | u16();
  }

  private int length32() {
    long n = u32();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("msgpack: length " + n + " is too large");
    }
    return (int) n;
  }

  private long u64() {
    return (u32() << 32) | u32();
  }
}
