package dev.doorbell.reconciler.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the client reads a sled's failures: dropshot's error body, statuses and transport errors, over real HTTP. */
class SledAgentClientTest {

    private final SledAgentClient client = new SledAgentClient(Duration.ofSeconds(1), Duration.ofMillis(500));
    private final UUID sledId = UUID.randomUUID();

    private SledEndpoint sled(String address) {
        return SledEndpoint.of(sledId, address, List.of("1.0.0", "2.0.0"));
    }

    @Test
    void a404WithNoSuchInstanceSaysTheSledForgotTheVmm() throws Exception {
        try (DropshotSled sled = DropshotSled.error(404, "NO_SUCH_INSTANCE", "no such instance")) {
            assertThatThrownBy(() -> client.requestState(sled(sled.baseUrl()), UUID.randomUUID(), StateChangeBody.STOPPED))
                    .isInstanceOfSatisfying(SledRejectedException.class, e -> {
                        assertThat(e.noSuchInstance()).isTrue();
                        assertThat(e.errorCode()).isEqualTo("NO_SUCH_INSTANCE");
                        assertThat(e.detail()).isEqualTo("no such instance");
                    });
        }
    }

    @Test
    void anyOther404IsNotAForgottenVmm() throws Exception {
        try (DropshotSled withoutCode = DropshotSled.error(404, null, "Not Found");
             DropshotSled otherCode = DropshotSled.error(404, "NOT_FOUND", "no route")) {
            for (DropshotSled sled : List.of(withoutCode, otherCode)) {
                assertThatThrownBy(() -> client.requestState(sled(sled.baseUrl()), UUID.randomUUID(), StateChangeBody.STOPPED))
                        .isInstanceOfSatisfying(SledRejectedException.class, e -> {
                            assertThat(e.status()).isEqualTo(404);
                            assertThat(e.noSuchInstance()).isFalse();
                        });
            }
        }
    }

    @Test
    void aConflictCarriesTheSledsMessage() throws Exception {
        try (DropshotSled sled = DropshotSled.error(409, "INVALID_TRANSITION", "cannot reboot: starting")) {
            assertThatThrownBy(() -> client.requestState(sled(sled.baseUrl()), UUID.randomUUID(), StateChangeBody.REBOOT))
                    .isInstanceOfSatisfying(SledRejectedException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.detail()).isEqualTo("cannot reboot: starting");
                    });
        }
    }

    @Test
    void transportFailuresAreToldApart() throws Exception {
        assertThatThrownBy(() -> client.requestState(sled("http://127.0.0.1:" + deadPort()), UUID.randomUUID(), StateChangeBody.STOPPED))
                .isInstanceOfSatisfying(SledUnavailableException.class,
                        e -> assertThat(e.kind()).isEqualTo(SledUnavailableException.Kind.UNREACHABLE));
        try (DropshotSled hung = DropshotSled.hanging(Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> client.requestState(sled(hung.baseUrl()), UUID.randomUUID(), StateChangeBody.STOPPED))
                    .isInstanceOfSatisfying(SledUnavailableException.class,
                            e -> assertThat(e.kind()).isEqualTo(SledUnavailableException.Kind.TIMED_OUT));
        }
        try (DropshotSled broken = DropshotSled.error(500, "Internal", "boom")) {
            assertThatThrownBy(() -> client.requestState(sled(broken.baseUrl()), UUID.randomUUID(), StateChangeBody.STOPPED))
                    .isInstanceOfSatisfying(SledUnavailableException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SledUnavailableException.Kind.FAILED);
                        assertThat(e.getMessage()).contains("boom");
                    });
        }
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
