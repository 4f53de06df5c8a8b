package org.flyte.copilot.core.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Why a JSON or YAML document did not parse, with where: {@code line 2, column 1: expected ',' or ']',
 * but got : (while parsing a flow sequence at line 1, column 4)}. Jackson's YAML parser keeps
 * only snakeyaml's context line in its message; the problem and both marks are in its cause.
 */
public final class DocumentProblems {
  private DocumentProblems() {}

  public static String describe(JsonProcessingException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
        return at(yaml.getProblemMark()) + yaml.getProblem() + (yaml.getContext() == null ? ""
            : " (" + yaml.getContext() + (yaml.getContextMark() == null ? "" : " at " + position(yaml.getContextMark())) + ")");
      }
    }
    JsonLocation where = e.getLocation();
    String what = firstLine(e.getOriginalMessage());
    return where == null || where.getLineNr() < 1 ? what
        : "line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + what;
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
