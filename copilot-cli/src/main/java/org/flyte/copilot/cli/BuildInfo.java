package org.flyte.copilot.cli;

/** Facts fixed at build time. */
final class BuildInfo {
  /** The npm @flyteorg/flyteidl release whose .proto files generated the IDL classes. */
  static final String FLYTEIDL_VERSION = "1.16.5";

  private BuildInfo() {}
}
