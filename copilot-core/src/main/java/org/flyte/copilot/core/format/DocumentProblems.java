package org.flyte.copilot.core.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Why a JSON or YAML document did not parse, with where: {@code line 2, column 1: expected ',' or ']',
 * but got : (while parsing a flow sequence at line 1, column 4)}. Jackson's YAML parser keeps
 * only snakeyaml's context line in its message; the problem and both marks are in its cause.
 *
 * <p>The text never echoes the document's content: value files and outputs.json may hold
 * credentials, and the text goes into the error document. Where a library quotes a token, a key or
 * other text of the document ({@code Unrecognized token 'wJalr...'}), the text gives its length
 * instead ({@code Unrecognized token (22 characters)}); a single character ({@code Unexpected
 * character ('w' (code 119))}) is kept, as it tells what to fix and is no secret.
 */
public final class DocumentProblems {
  private DocumentProblems() {}

  public static String describe(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
        return at(yaml.getProblemMark()) + withoutContent(firstLine(yaml.getProblem())) + (yaml.getContext() == null
            ? "" : " (" + withoutContent(firstLine(yaml.getContext()))
                + (yaml.getContextMark() == null ? "" : " at " + position(yaml.getContextMark())) + ")");
      }
    }
    JsonLocation where = e.getLocation();
    String what = withoutContent(firstLine(e.getOriginalMessage()));
    return where == null || where.getLineNr() < 1 ? what
        : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + what;
  }

  /**
   * Message shapes of Jackson and snakeyaml that quote the document: group 1 is the quoted content,
   * replaced by its length. Jackson cuts a token at 256 characters and ends it with {@code ...}.
   */
  private static final List<Pattern> QUOTING = List.of(
      Pattern.compile("^Unrecognized token '(.*)': was expecting"),
      Pattern.compile("^Duplicate field '(.*)'$"),
      Pattern.compile("^Malformed numeric value '(.*)'$"),
      Pattern.compile("^Numeric value \\((.*)\\) out of range"),
      Pattern.compile("hexadecimal numbers, but found: (.*)$"),
      Pattern.compile("^found (?:undefined|duplicate) tag handle (.*)$"),
      Pattern.compile("^found undefined alias (.*)$"),
      Pattern.compile("^found duplicate anchor (.*?)(?:; first occurrence| \\(|$)"));

  /** Quoted words of the libraries' own vocabulary, which are not the document's. */
  private static final Set<String> VOCABULARY = Set.of("null", "true", "false", "NaN", "+INF", "-INF", "INF",
      "Infinity", "+Infinity", "-Infinity", "MIME", "MIME-NO-LINEFEEDS", "PEM", "MODIFIED-FOR-URL");

  /** A quoted run of text; one character, or snakeyaml's escape of one ({@code '\t(TAB)'}), is kept. */
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
  private static final Pattern ONE_CHARACTER = Pattern.compile("(?s).|\\\\.\\([A-Z]+\\)");

  /** The library's message, with each run of the document's text in it given as its length. */
  static String withoutContent(String message) {
    String text = message;
    for (Pattern p : QUOTING) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        int from = m.start(1);
        int to = m.end(1);
        if (from > 0 && to < text.length() && text.charAt(from - 1) == '\'' && text.charAt(to) == '\'') {
          from--;
          to++;
        }
        text = text.substring(0, from) + length(m.group(1)) + text.substring(to);
        break;
      }
    }
    // Any other quoted text that is not the libraries' own words: a safety net for shapes not known above.
    Matcher m = QUOTED.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inside = m.group(1);
      boolean keep = inside.isEmpty() || VOCABULARY.contains(inside) || ONE_CHARACTER.matcher(inside).matches();
      m.appendReplacement(out, Matcher.quoteReplacement(keep ? m.group() : length(inside)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code (22 characters)}; Jackson's cut-off tokens end with {@code ...}. */
  private static String length(String content) {
    int n = content.codePointCount(0, content.length());
    if (n >= 256 && content.endsWith("...")) {
      return "(more than " + (n - 3) + " characters)";
    }
    return "(" + n + (n == 1 ? " character)" : " characters)");
  }

  private static String at(Mark mark) {
    return mark == null ? "" : position(mark) + ": ";
  }

  /** snakeyaml counts lines and columns from 0. */
  private static String position(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  /** The first line of a library's message ({@code unknown error} for none). */
  public static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
