package org.flyte.copilot.upload;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the upload tests: a fresh {@link Fixture} in its own temporary directory for every test. */
public abstract class FixtureTestBase {
  @TempDir protected Path temp;
  protected Fixture f;

  @BeforeEach
  protected final void createFixture() {
    f = new Fixture(temp);
  }
}
