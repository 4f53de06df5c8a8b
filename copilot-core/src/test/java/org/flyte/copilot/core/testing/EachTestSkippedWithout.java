package org.flyte.copilot.core.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables every test method of a class when something it needs outside the JVM (an emulator, a
 * tool on the PATH) is missing, so that each test is reported as skipped with the reason. An
 * assumption that fails in {@code @BeforeAll} would abort the class instead, which surefire counts
 * as zero tests. The class itself stays enabled: its {@code @BeforeAll} must check
 * {@link #missing()} too and do nothing when it is present.
 */
public abstract class EachTestSkippedWithout implements ExecutionCondition {
  /** Why the tests cannot run here, or empty when they can. */
  protected abstract Optional<String> missing();

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("checked for each test");
    }
    return missing().map(ConditionEvaluationResult::disabled)
        .orElseGet(() -> ConditionEvaluationResult.enabled("available"));
  }
}
