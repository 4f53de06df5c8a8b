package org.flyte.copilot.upload.locate;

import org.flyte.copilot.upload.UploadException;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value belongs: the output variable, the element indexes and map keys leading to it (which
 * also name its raw-data key, §3.5), and where its text came from (a local path or a metadata file).
 */
public record Site(String variable, List<String> keys, String source) {

  public static Site output(String variable, String source) {
    return new Site(variable, List.of(), source);
  }

  public Site element(int index, String newSource) {
    return child(Integer.toString(index), newSource);
  }

  public Site entry(String key, String newSource) {
    return child(key, newSource);
  }

  public Site withSource(String newSource) {
    return new Site(variable, keys, newSource);
  }

  private Site child(String key, String newSource) {
    List<String> k = new ArrayList<>(keys);
    k.add(key);
    return new Site(variable, List.copyOf(k), newSource);
  }

  /** {@code "xs"}, {@code "xs"[2]}, {@code "m"["a"]}: the value's name in messages. */
  String label() {
    StringBuilder b = new StringBuilder("\"").append(variable).append('"');
    for (String k : keys) {
      b.append('[').append(!k.isEmpty() && k.chars().allMatch(Character::isDigit) ? k : "\"" + k + "\"").append(']');
    }
    return b.toString();
  }

  /** The variable name followed by the element/key segments: the raw-data key of a blob here. */
  public List<String> rawSegments() {
    List<String> s = new ArrayList<>();
    s.add(variable);
    s.addAll(keys);
    return s;
  }

  /** {@code output "x" (/var/outputs/x): }, the start of every message about this value. */
  public String prefix() {
    return "output " + label() + (source == null ? "" : " (" + source + ")") + ": ";
  }

  /** {@code output "x" (/var/outputs/x): <why>}. */
  public UploadException fail(String why) {
    return UploadException.at(this, why);
  }

  /** The reason of {@code e} when it is about this very value, else its whole message: for nesting it in another message about the site. */
  public String reason(UploadException e) {
    return equals(e.site()) ? e.reason() : e.getMessage();
  }
}
