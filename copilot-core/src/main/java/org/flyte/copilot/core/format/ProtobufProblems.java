package org.flyte.copilot.core.format;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;

/**
 * Why bytes did not parse as a protobuf message, in plain words for whoever wrote them: protobuf-java's
 * messages speak of its own parser ("the input ended unexpectedly in the middle of a field. This could
 * mean ...").
 */
public final class ProtobufProblems {
  /** Fragments of protobuf-java's messages, and what they mean; the first that matches counts. */
  private static final List<Map.Entry<String, String>> MEANINGS = List.of(
      Map.entry("ended unexpectedly in the middle of a field",
          "it is truncated or is not protobuf (the data ends in the middle of a field)"),
      Map.entry("invalid wire type", "it is not protobuf, or not this message type (a field has an invalid wire type)"),
      Map.entry("invalid tag (zero)", "it is not protobuf (a field has the invalid number 0)"),
      Map.entry("malformed varint", "it is not protobuf (a number in it is malformed)"),
      Map.entry("negative size", "it is not protobuf (a field claims a negative size)"),
      Map.entry("end-group tag did not match", "it is not protobuf (a group ends where none began)"),
      Map.entry("invalid UTF-8", "a string in it is not valid UTF-8"));

  private ProtobufProblems() {}

  /** What is wrong with the bytes; protobuf-java's own message when it is none of the known ones. */
  public static String describe(InvalidProtocolBufferException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return MEANINGS.stream().filter(m -> message.contains(m.getKey())).map(Map.Entry::getValue)
        .findFirst().orElse(message);
  }
}
