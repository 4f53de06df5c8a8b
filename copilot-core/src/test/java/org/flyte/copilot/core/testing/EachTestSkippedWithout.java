package org.flyte.copilot.core.testing;

import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables every test method of a class when something it needs outside the JVM (an emulator, a
 * tool on the PATH) is missing, so that each test is reported as skipped with the reason. An
 * assumption that fails in {@code @BeforeAll} would abort the class instead, and none of its tests
 * would be reported at all. The class itself stays enabled: its {@code @BeforeAll} must make the same check
 * and do nothing when something is missing. Subclasses name the check:
 * {@code public Required() { super(MyEmulator::missing); }}.
 */
public abstract class EachTestSkippedWithout implements ExecutionCondition {
  private final Supplier<Optional<String>> missing;

  /** @param missing why the tests cannot run here, or empty when they can */
  protected EachTestSkippedWithout(Supplier<Optional<String>> missing) {
    this.missing = missing;
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("checked for each test");
    }
    return missing.get().map(ConditionEvaluationResult::disabled)
        .orElseGet(() -> ConditionEvaluationResult.enabled("available"));
  }
}
