package org.flyte.copilot.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A class whose emulator is missing reports each of its tests as skipped with the reason (what
 * surefire then counts), where an assumption in {@code @BeforeAll} reports none of them; with the
 * emulator there, they run.
 */
class EachTestSkippedWithoutTest {
  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  static final class Missing extends EachTestSkippedWithout {
    Missing() {
      super(() -> Optional.of("the sample emulator is not installed"));
    }
  }

  static final class Present extends EachTestSkippedWithout {
    Present() {
      super(Optional::empty);
    }
  }

  /** A test class that needs an emulator; the subclasses say whether it is there. */
  abstract static class Sample {
    @BeforeAll
    static void start() {
      EVENTS.add("beforeAll");
    }

    @Test
    void one() {
      EVENTS.add("one");
    }

    @Test
    void two() {
      EVENTS.add("two");
    }
  }

  @ExtendWith(Missing.class)
  static class WithoutEmulator extends Sample {}

  @ExtendWith(Present.class)
  static class WithEmulator extends Sample {}

  /** The old way: an assumption in {@code @BeforeAll}. */
  static class AbortedInBeforeAll {
    @BeforeAll
    static void start() {
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "the sample emulator is not installed");
    }

    @Test
    void one() {}
  }

  /** Test method name -> "skipped: reason" or the result status. */
  private static Map<String, String> run(Class<?> testClass) {
    Map<String, String> outcome = new ConcurrentHashMap<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        outcome.put(id.getDisplayName(), "skipped: " + reason);
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          outcome.put(id.getDisplayName(), result.getStatus().toString());
        }
      }
    };
    Launcher launcher = LauncherFactory.create();
    launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
    return outcome;
  }

  @Test
  void missingEmulator_eachTestIsReportedSkippedWithTheReason() {
    EVENTS.clear();
    assertThat(run(WithoutEmulator.class)).containsOnly(
        Map.entry("one()", "skipped: the sample emulator is not installed"),
        Map.entry("two()", "skipped: the sample emulator is not installed"));
    assertThat(EVENTS).containsExactly("beforeAll");
  }

  @Test
  void assumptionInBeforeAll_reportsNoTestAtAll() {
    assertThat(run(AbortedInBeforeAll.class)).isEmpty();
  }

  @Test
  void emulatorPresent_theTestsRun() {
    EVENTS.clear();
    assertThat(run(WithEmulator.class)).containsOnly(Map.entry("one()", "SUCCESSFUL"), Map.entry("two()", "SUCCESSFUL"));
    assertThat(EVENTS).containsExactlyInAnyOrder("beforeAll", "one", "two");
  }
}
