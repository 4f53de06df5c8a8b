package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Positional arguments Go's copilot ignores: cobra gives them to {@code download} and {@code sidecar},
 * which do not look at them (docs/compatibility.md, "Sub-commands and flags").
 */
class StrayArgumentsTest {
  @TempDir Path tmp;

  /** A download of an empty input map, with {@code extra} after its flags. */
  private CliRunner.Result download(String... extra) throws Exception {
    Files.createDirectories(tmp.resolve("bucket/in"));
    Files.write(tmp.resolve("bucket/in/inputs.pb"), new byte[0]); // an empty LiteralMap
    List<String> all = new ArrayList<>(List.of("--storage.type=local", "--storage.stow.config", "path=" + tmp,
        "download", "--from-remote", "file://bucket/in/inputs.pb", "--to-output-prefix", "file://bucket/out",
        "--to-local-dir", tmp.resolve("inputs").toString()));
    all.addAll(List.of(extra));
    return CliRunner.run(all.toArray(String[]::new));
  }

  @Test
  void bareBooleanFlagFollowedByAWord_isTrueAndTheWordIsIgnored_asInGo() throws Exception {
    CliRunner.Result r = download("--logger.level=4", "--logger.mute", "false");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(tmp.resolve("inputs/inputs.json")).hasContent("{}");
    assertThat(r.err()).as("muted: no info lines").isEmpty();
    assertThat(download("--logger.level=4").err()).as("not muted").contains("info");
  }

  @Test
  void strayWordsAndWhatFollowsDoubleDash_areIgnoredByGosSubcommands() throws Exception {
    CliRunner.Result r = download("stray", "--", "--not-a-flag", "word");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(tmp.resolve("inputs/inputs.json")).hasContent("{}");
  }

  @Test
  void copilotsOwnSubcommands_stillRefuseStrayWords() {
    CliRunner.Result r = CliRunner.run("version", "stray");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Usage: copilot version");
  }

  @Test
  void anUnknownFlagBeforeAKnownOne_isTheErrorNamed_notTheKnownOnesValue() throws Exception {
    CliRunner.Result r = download("--new-flag");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("--new-flag");
    Files.createDirectories(tmp.resolve("inputs2"));
    CliRunner.Result before = CliRunner.run("--storage.type=local", "--storage.stow.config", "path=" + tmp, "download",
        "--new-flag", "--from-remote", "file://bucket/in/inputs.pb", "--to-output-prefix", "file://bucket/out",
        "--to-local-dir", tmp.resolve("inputs2").toString());
    assertThat(before.exitCode()).isEqualTo(1);
    assertThat(before.err()).contains("Unknown option: '--new-flag'").doesNotContain("Missing required");
  }
}
