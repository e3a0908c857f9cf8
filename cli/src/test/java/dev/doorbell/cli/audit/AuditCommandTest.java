package dev.doorbell.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code doorbell audit} without a stack: bad options and an unreachable reconciler are one line and exit 2. */
class AuditCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--grace|ten seconds|Invalid value for option '--grace'",
        "--grace|-PT1S|--grace must not be negative",
        "--concurrency|0|--concurrency must be at least 1, was 0",
        "--concurrency|many|Invalid value for option '--concurrency'",
        "--max-lines|-1|--max-lines must be 0 or more",
        "--reconciler-url|ftp://127.0.0.1/|--reconciler-url must be an http(s) URL",
        "--sled-timeout|PT0S|--sled-timeout must be positive",
        "--no-such-option|x|Unknown option"
    })
    void badOptionsAreOneReadableLineAndExit2(String option, String value, String message) {
        AuditRun run = AuditRun.of(option, value);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.errLines()).as("%s", run).hasSize(1).first().asString().startsWith("doorbell: ").contains(message);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreachableReconcilerIsOneReadableLineAndExit2() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        AuditRun run = AuditRun.of("--reconciler-url", "http://127.0.0.1:" + port);

        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.errLines()).as("%s", run)
                .containsExactly("doorbell: audit: cannot reach the reconciler at http://127.0.0.1:" + port + ": connection refused");
        assertThat(run.out()).isEmpty();
    }
}
