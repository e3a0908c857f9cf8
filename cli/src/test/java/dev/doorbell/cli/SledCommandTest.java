package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.sledsim.SledSimConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code doorbell sled}'s options: its terminal retention (0 allowed, never negative) and where its
 * VMMs come from (no servers: nothing starts).
 */
class SledCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    private static SledSimConfig parse(String... args) {
        CommandLine line = new CommandLine(new SledCommand());
        line.parseArgs(args);
        return ((SledCommand) line.getCommand()).config();
    }

    @Test
    void terminalRetentionDefaultsToTenMinutes() {
        assertThat(parse().retention()).isEqualTo(SledSimConfig.DEFAULT_RETENTION).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void terminalRetentionTakesShortFormsIsoAndZero() {
        assertThat(parse("--terminal-retention", "30s").retention()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("--terminal-retention", "PT2M").retention()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--terminal-retention", "0").retention()).isZero();
    }

    @Test
    void aNegativeTerminalRetentionIsAUsageError() {
        assertThatThrownBy(() -> parse("--terminal-retention", "-5s")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(">= 0");
    }

    @Test
    void helpSaysTheControlPlanePlacesTheVmmsAndWhatHappensWithoutOne() {
        assertThat(run("sled", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("has it start --vmms instances on this sled")
                .contains("dead-letters them as unknown-vmm");
    }

    @Test
    void theBannerOfAnOldReleaseSledNamesOnlyTheVersionItSpeaks() {
        SledSimConfig config = parse("--api-versions", "1.0.0");

        assertThat(SledCommand.stateApiLine("http://127.0.0.1:1", config.apiVersions()))
                .endsWith("(header api-version required: 1.0.0)").doesNotContain("2.0.0");
    }

    @Test
    void theBannerOfASledSpeakingBothVersionsNamesBothOldestFirst() {
        assertThat(SledCommand.stateApiLine("http://127.0.0.1:1", parse("--api-versions", "2.0.0,1.0.0").apiVersions()))
                .isEqualTo("  state API  http://127.0.0.1:1/vmms/{id}/state   (header api-version required: 1.0.0 | 2.0.0)");
    }

    @Test
    void aDirectoryOfItsOwnIsRefusedNextToAControlPlane() {
        assertThat(run("sled", "--control-url", "http://127.0.0.1:9", "--publish-directory")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("--publish-directory stands in for a control plane");
    }
}
