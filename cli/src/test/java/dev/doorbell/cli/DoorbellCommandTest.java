package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DoorbellCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: doorbell").contains("--version").contains("--help");
    }

    @Test
    void versionNamesTheBuiltVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("doorbell ").doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void unknownOptionIsOneReadableLineAndUsageExitCode() {
        assertThat(run("--no-such-flag")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString().strip()).startsWith("doorbell: Unknown option: '--no-such-flag'").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing subcommand");
    }
}
