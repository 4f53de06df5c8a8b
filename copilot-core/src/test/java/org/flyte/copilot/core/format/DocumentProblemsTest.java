package org.flyte.copilot.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Error texts for JSON and YAML documents say where and what, and never echo the document's content. */
class DocumentProblemsTest {
  /** As the sidecar's ValueFiles reads value files and outputs.json/yaml. */
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final String SECRET = "wJalrXUtnFEMIsecretKEY";
  private static final String EXPECTING = ": was expecting (JSON String, Number (or 'NaN'/'+INF'/'-INF'), Array,"
      + " Object or token 'null', 'true' or 'false')";

  private static String problem(ObjectMapper mapper, String document) {
    try {
      mapper.readTree(document.getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      return DocumentProblems.describe(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return fail("parsed: " + document);
  }

  /** No run of 4 characters of the secret is in the text (the 8-character escape case is a prefix). */
  private static void assertEchoesNothing(String text) {
    for (int i = 0; i + 4 <= SECRET.length(); i++) {
      assertThat(text).as(text).doesNotContain(SECRET.substring(i, i + 4));
    }
  }

  static Stream<String> malformedJson() {
    String s = SECRET;
    return Stream.of("{\"n\": " + s + "}", "{\"n\": t" + s + "}", "{\"n\": N" + s + "}", "{\"n\": nul" + s + "}",
        "[" + s + "]", s, "{\"" + s + "\": 1, \"" + s + "\": 2}", "{\"n\": \"\\" + s + "\"}", "{\"n\": 1" + s + "}",
        "{\"n\": -" + s + "}", "{\"n\": 1." + s + "}", "{\"n\": \"\\u" + s + "\"}", "{" + s + ": 1}",
        "{\"n\": \"" + s, "{\"n\": \"a\nb" + s + "\"}", "{\"n\": " + s.repeat(20) + "}", "{\"n\": it's" + s + "}");
  }

  static Stream<String> malformedYaml() {
    String s = SECRET;
    return Stream.of("a: \"\\" + s + "\"\n", "a: \"\\U" + s + "\"\n", "a: \"\\x" + s + "\"\n", "a: !" + s + "!x 1\n",
        "a: !!binary " + s + "%\n", s + ": 1\n" + s + ": 2\n", "a: [" + s + "\n", "%YAML " + s + "\n---\na: 1\n",
        "%TAG !" + s + " x\n---\n", "a: @" + s + "\n", "a: '" + s + "\n", "a: |" + s + "\n", "a: b: " + s + "\n",
        "? " + s + "\n? " + s + "\n", "a: !!float " + s + "\n", "a: \t" + s + "\n", "- " + s + "\nb: 1\n",
        "a: \u0001" + s + "\n", "{a: " + s + ", a: " + s + "}\n");
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> malformedDocuments() {
    return Stream.concat(malformedJson().map(d -> org.junit.jupiter.params.provider.Arguments.of("JSON", d)),
        malformedYaml().map(d -> org.junit.jupiter.params.provider.Arguments.of("YAML", d)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("malformedDocuments")
  void problemsEchoNoContent(String syntax, String document) {
    String text = problem(syntax.equals("JSON") ? JSON : YAML, document);
    assertThat(text).startsWith("line ");
    assertEchoesNothing(text);
  }

  @Test
  void anUnrecognizedTokenIsGivenAsItsLength() {
    assertThat(problem(JSON, "{\"n\": " + SECRET + "}"))
        .isEqualTo("line 1, column 7: Unrecognized token (22 characters)" + EXPECTING);
    assertThat(problem(JSON, "{\"n\": it's}")) // Jackson's token ends at the quote
        .isEqualTo("line 1, column 7: Unrecognized token (2 characters)" + EXPECTING);
    // Jackson cuts the token at 256 characters
    assertThat(problem(JSON, "{\"n\": " + SECRET.repeat(20) + "}"))
        .isEqualTo("line 1, column 7: Unrecognized token (more than 256 characters)" + EXPECTING);
  }

  @Test
  void aDuplicateKeyIsGivenAsItsLength() {
    assertThat(problem(JSON, "{\"" + SECRET + "\": 1, \"" + SECRET + "\": 2}"))
        .isEqualTo("line 1, column 55: Duplicate field (22 characters)");
    assertThat(problem(YAML, SECRET + ": 1\n" + SECRET + ": 2\n"))
        .isEqualTo("line 2, column 23: Duplicate field (22 characters)");
  }

  @Test
  void aSingleCharacterIsKept() {
    assertThat(problem(JSON, "{\"n\": 1" + SECRET + "}"))
        .isEqualTo("line 1, column 8: Unexpected character ('w' (code 119)): was expecting comma to separate Object entries");
    assertThat(problem(JSON, "{\"n\": \"\\" + SECRET + "\"}"))
        .isEqualTo("line 1, column 9: Unrecognized character escape 'w' (code 119)");
    assertThat(problem(YAML, "a: \t" + SECRET + "\n")).isEqualTo("line 1, column 4: found character '\\t(TAB)' that"
        + " cannot start any token. (Do not use \\t(TAB) for indentation) (while scanning for the next token)");
    assertThat(problem(YAML, "a: [1, 2\nb: 3\n"))
        .isEqualTo("line 2, column 2: expected ',' or ']', but got : (while parsing a flow sequence at line 1, column 4)");
  }

  @Test
  void yamlTextOfTheDocumentIsGivenAsItsLength() {
    assertThat(problem(YAML, "a: \"\\U" + SECRET + "\"\n")).isEqualTo("line 1, column 7: expected escape sequence of"
        + " 8 hexadecimal numbers, but found: (8 characters) (while scanning a double-quoted scalar at line 1, column 4)");
    assertThat(problem(YAML, "a: !" + SECRET + "!x 1\n")).isEqualTo("line 1, column 4: found undefined tag handle"
        + " (24 characters) (while parsing a node at line 1, column 4)");
    assertThat(problem(YAML, "a: !!float " + SECRET + "\n"))
        .isEqualTo("line 1, column 34: Malformed numeric value (22 characters)");
  }

  @Test
  void otherQuotedTextIsGivenAsItsLengthUnlessItIsTheLibrariesOwnWord() {
    assertThat(DocumentProblems.withoutContent("Something about '" + SECRET + "' and 'null' and 'x' and ''"))
        .isEqualTo("Something about (22 characters) and 'null' and 'x' and ''");
  }
}
