package org.flyte.copilot.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/errors.md and the ErrorCatalogueTest classes stay one row per test: each row of a section
 * names a test method, and each test method of the class is a row of that section.
 */
public final class ErrorCatalogueRows {
  private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\|", Pattern.MULTILINE);

  private ErrorCatalogueRows() {}

  /** The row names of the section of docs/errors.md that starts with {@code heading}. */
  public static List<String> rows(String heading) {
    String doc;
    try {
      // surefire runs in the module's directory, one below the repository root
      doc = Files.readString(Path.of("..", "docs", "errors.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = doc.indexOf("\n" + heading);
    assertThat(start).as("docs/errors.md has a section " + heading).isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    Matcher m = ROW.matcher(end < 0 ? doc.substring(start) : doc.substring(start, end));
    return m.results().map(r -> r.group(1)).toList();
  }

  public static void assertOneRowPerTest(Class<?> testClass, String heading) {
    List<String> tests = Arrays.stream(testClass.getDeclaredMethods())
        .filter(method -> method.isAnnotationPresent(Test.class)).map(Method::getName)
        .filter(name -> !name.equals("everyTestIsARowOfDocsErrorsMd")).toList();
    assertThat(rows(heading)).as("rows of docs/errors.md, " + heading).containsExactlyInAnyOrderElementsOf(tests);
  }
}
