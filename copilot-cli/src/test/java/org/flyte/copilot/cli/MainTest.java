package org.flyte.copilot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link Main} finds the sub-command before anything but the JDK is loaded. */
class MainTest {
  @Test
  void flagsWithoutValue_areTheBooleanFlagsOfEveryCommandInPicocliModel() {
    picocli.CommandLine cl = CopilotCommand.newCommandLine(Map.of());
    Set<String> booleans = new TreeSet<>(GoFlags.switches(cl));
    booleans.addAll(GoFlags.VALUED_BOOLEANS);
    assertThat(new TreeSet<>(Main.FLAGS_WITHOUT_VALUE)).isEqualTo(booleans);
  }

  @Test
  void subcommands_areTheCommandsOfPicocliModel() {
    picocli.CommandLine cl = CopilotCommand.newCommandLine(Map.of());
    assertThat(new TreeSet<>(Main.SUBCOMMANDS)).isEqualTo(new TreeSet<>(cl.getSubcommands().keySet()));
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(delimiter = '|', value = {
      "sidecar --to-output-prefix x                 | true",
      "--logger.level=4 sidecar                     | true",
      "--config /etc/copilot/*.yaml sidecar         | true",
      "--storage.container bucket sidecar           | true",
      "--logger.mute sidecar                        | true",
      "-s sidecar                                   | true",
      "--no-such-flag=1 sidecar                     | true",
      "--storage.container sidecar download --bogus | false",
      "--err-output-name sidecar download           | false",
      "--no-such-flag sidecar                       | true",
      "--logger.mute false sidecar --to-output-prefix x | true",
      "--new-flag sidecar --to-output-prefix x      | true",
      "--new-flag --storage.container b sidecar     | true",
      "--concurrency -1 download                    | false",
      "--no-such-flag download sidecar              | true",
      "-- sidecar                                   | false",
      "help sidecar                                 | false",
      "download sidecar                             | false",
      "''                                           | false"})
  void isSidecar_skipsTheValueOfEveryOptionThatTakesOne(String commandLine, boolean sidecar) {
    assertThat(Main.isSidecar(commandLine.isBlank() ? new String[0] : commandLine.split(" "))).isEqualTo(sidecar);
  }

  @Test
  void anOptionValueNamedSidecar_doesNotDeferTheDownloadsBadFlag() {
    StringWriter err = new StringWriter();
    int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CopilotCommand.execute(
        new String[] {"--storage.container", "sidecar", "download", "--bogus"}, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), Map.of(), SidecarDeferral.forExecutable(Map.of())));
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("Error: ").doesNotContain("SIGTERM");
  }
}
