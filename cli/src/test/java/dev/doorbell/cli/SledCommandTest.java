package dev.doorbell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code doorbell sled}'s options about where its VMMs come from (no servers: nothing starts). */
class SledCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void helpSaysTheControlPlanePlacesTheVmmsAndWhatHappensWithoutOne() {
        assertThat(run("sled", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("has it start --vmms instances on this sled")
                .contains("dead-letters them as unknown-vmm");
    }

    @Test
    void aDirectoryOfItsOwnIsRefusedNextToAControlPlane() {
        assertThat(run("sled", "--control-url", "http://127.0.0.1:9", "--publish-directory")).isEqualTo(CommandLineFactory.EXIT_USAGE);
        assertThat(err.toString()).contains("--publish-directory stands in for a control plane");
    }
}
