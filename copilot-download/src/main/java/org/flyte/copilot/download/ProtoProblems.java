package org.flyte.copilot.download;

import com.google.protobuf.InvalidProtocolBufferException;
import org.flyte.copilot.core.format.ProtobufProblems;

/** Why a stored literal could not be parsed, in words for the task's author. */
final class ProtoProblems {
  /**
   * protobuf-java reads at most 100 nested messages (Go's reader: 10,000). A literal list nests two
   * messages per level and a Struct three, so about 48 levels of lists or 32 of Structs fit.
   */
  static final int MAX_NESTED_MESSAGES = 100;

  private ProtoProblems() {}

  static String describe(InvalidProtocolBufferException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("too many levels of nesting")) {
      return "it nests values deeper than copilot reads (" + MAX_NESTED_MESSAGES + " nested protobuf messages:"
          + " about 48 levels of lists or 32 levels of Structs; see docs/limits.md)";
    }
    return ProtobufProblems.describe(e);
  }
}
