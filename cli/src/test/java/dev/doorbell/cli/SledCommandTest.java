package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.sledsim.SledSimConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code doorbell sled --terminal-retention}: the sled's terminal retention, 0 allowed, never negative. */
class SledCommandTest {

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
}
