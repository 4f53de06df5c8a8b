package org.flyte.copilot.core.status;

/**
 * A transfer's context that names the input or output variable it belongs to, so that a {@link
 * StatusObserver} can report progress per variable.
 */
public interface VariableOrigin {
  String variable();
}
