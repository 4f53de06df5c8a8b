package org.flyte.copilot.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key-at-a-time YAML writer gives exactly the bytes of the whole-document writer. */
class StreamedDocumentsTest {
  private static final String[] KEYS = {"y", "n", "10", "9", "a b", "a", "B", "ä", "x:y", "", "null", "01", "k-1",
      "k10", "k9", "<&>", "multi\nline"};
  private static final String[] STRINGS = {"hello", "yes", "123", "1e3", "a: b", "line1\nline2", "", " lead",
      "\u2028", "tab\there", "2020-01-02T03:04:05Z", "~", "- x", "#c", "{}", "[]", "long ".repeat(30)};

  @Test
  void streamedDocuments_equalWholeDocuments() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      Map<String, JsonValue> fields = new LinkedHashMap<>();
      int n = random.nextInt(6);
      for (int i = 0; i < n; i++) {
        fields.put(KEYS[random.nextInt(KEYS.length)] + (random.nextInt(4) == 0 ? Integer.toString(i) : ""),
            value(random, 0));
      }
      JsonValue doc = JsonValue.object(fields);

      ByteArrayOutputStream yaml = new ByteArrayOutputStream();
      YamlWriter.writeMapping(yaml, fields.keySet(), fields::get);
      assertThat(yaml.toString(StandardCharsets.UTF_8)).as("yaml of %s", fields).isEqualTo(YamlWriter.write(doc));
    }
  }

  private static JsonValue value(Random random, int depth) {
    int kind = random.nextInt(depth > 2 ? 6 : 8);
    switch (kind) {
      case 0:
        return JsonValue.NULL;
      case 1:
        return JsonValue.of(random.nextBoolean());
      case 2:
        return JsonValue.of(random.nextLong() >> random.nextInt(64));
      case 3:
        return JsonValue.of(random.nextInt(3) == 0 ? Double.NaN : random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
      case 4:
      case 5:
        return JsonValue.of(STRINGS[random.nextInt(STRINGS.length)]);
      case 6: {
        List<JsonValue> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(value(random, depth + 1));
        }
        return JsonValue.array(items);
      }
      default: {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          m.put(KEYS[random.nextInt(KEYS.length)], value(random, depth + 1));
        }
        return JsonValue.object(m);
      }
    }
  }
}
