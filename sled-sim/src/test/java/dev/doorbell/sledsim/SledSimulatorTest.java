package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.VmmState;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SledSimulatorTest {
    @Test
    void wiresLoadAutoSteppingAndTheDoorbell() {
        List<UUID> rings = new CopyOnWriteArrayList<>();
        SledSimConfig config = SledSimConfig.defaults()
                .withStepping(SteppingMode.AUTO, Duration.ofMillis(10))
                .withNotify(NotifyMode.DOORBELL_KAFKA, null)
                .withLoad(10, 0);
        try (SledSimulator sim = SledSimulator.start(config, rings::add)) {
            List<UUID> ids = sim.load().orElseThrow().vmmIds();
            assertThat(ids).hasSize(10);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                    assertThat(sim.sled().state(id).orElseThrow().vmmState().state()).isEqualTo(VmmState.RUNNING)));
            assertThat(rings).hasSize(20).containsAll(ids);
            assertThat(sim.port()).isPositive();
        }
    }

    @Test
    void configIsValidatedAtTheEdge() {
        SledSimConfig defaults = SledSimConfig.defaults();
        assertThatThrownBy(() -> defaults.withNotify(NotifyMode.UPCALL_BODY, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withApiVersions(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withApiVersions(Set.of(new ApiVersion(3, 0, 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SledSimulator.start(defaults.withNotify(NotifyMode.DOORBELL_KAFKA, null), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(NotifyMode.parse("doorbell-http")).isEqualTo(NotifyMode.DOORBELL_HTTP);
        assertThat(defaults.withNotify(NotifyMode.DOORBELL_HTTP, URI.create("http://127.0.0.1:1")).notifyMode().flagName())
                .isEqualTo("doorbell-http");
        assertThatThrownBy(() -> NotifyMode.parse("carrier-pigeon")).isInstanceOf(IllegalArgumentException.class);
    }
}
