package dev.doorbell.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.cli.CommandLineFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchLatencyCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void latencyHelpListsTheOptions() {
        assertThat(run("bench", "latency", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: doorbell bench latency").contains("--rates").contains("--modes")
                .contains("--seconds").contains("--sweep-period").contains("watcher-only");
    }

    @Test
    void benchHelpListsLatencyAndBenchIsListedAtTheTop() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out.toString()).contains("latency");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("bench");
    }

    @Test
    void unknownModeFailsBeforeStartingAnything() {
        assertThat(run("bench", "latency", "--modes", "carrier-pigeon", "--seconds", "1")).isEqualTo(CommandLineFactory.EXIT_FAILURE);
        assertThat(err.toString()).contains("unknown mode 'carrier-pigeon'");
    }

    @Test
    void sweepPeriodsParse() {
        assertThat(BenchLatencyCommand.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(BenchLatencyCommand.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    }
}
