package dev.doorbell.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.cli.CommandLineFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void aBusyConfiguredPortFailsBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<String> phases = new ArrayList<>();
            StackConfig config = new StackConfig(null, 0, 0, taken.getLocalPort(), 0, 1, 1, 0, 0);

            assertThatThrownBy(() -> LocalStack.start(config, new StackProgress() {
                @Override
                public void started(String phase) {
                    phases.add(phase);
                }

                @Override
                public void done(String phase, long millis, String detail) {}
            })).isInstanceOf(PortInUseException.class).hasMessage("port " + taken.getLocalPort() + " (gateway) is in use");
            assertThat(phases).as("phases started").isEmpty();
        }
    }

    @Test
    void upWithABusyPortIsOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0)); // a wildcard listener blocks 127.0.0.1 too
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();

            int exit = CompletableFuture.supplyAsync(() -> CommandLineFactory.create(new PrintWriter(out, true), new PrintWriter(err, true))
                    .execute("up", "--kafka-port", "0", "--registry-port", "0", "--control-port", "0",
                            "--gateway-port", Integer.toString(taken.getLocalPort())))
                    .get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);

            assertThat(exit).isEqualTo(CommandLineFactory.EXIT_FAILURE);
            assertThat(err.toString().strip()).isEqualTo("doorbell: port " + taken.getLocalPort() + " (gateway) is in use");
        }
    }

    @Test
    void freePortsAndPortZeroPass() {
        PortCheck.requireFree(new LinkedHashMap<>(Map.of("kafka", 0, "gateway", 0)));
    }
}
