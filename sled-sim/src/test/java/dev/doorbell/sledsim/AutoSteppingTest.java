package dev.doorbell.sledsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.model.VmmState;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AutoSteppingTest {
    @Test
    void stepsHappenByThemselvesAfterTheDelay() {
        RecordingListener listener = new RecordingListener();
        try (Sled sled = Sled.builder(UUID.randomUUID()).stepping(SteppingMode.AUTO, Duration.ofMillis(20))
                .listener(listener).build()) {
            UUID id = UUID.randomUUID();
            sled.ensure(id, EnsureRequest.of(UUID.randomUUID()));
            sled.request(id, StateRequest.of(RequestedState.RUNNING));
            await().atMost(Duration.ofSeconds(5)).until(() -> sled.state(id).orElseThrow().vmmState().state() == VmmState.RUNNING);
            sled.request(id, StateRequest.of(RequestedState.STOPPED));
            await().atMost(Duration.ofSeconds(5)).until(() -> sled.state(id).orElseThrow().vmmState().state() == VmmState.DESTROYED);
            assertThat(listener.of(id)).extracting(s -> s.vmmState().state()).containsExactly(
                    VmmState.STARTING, VmmState.RUNNING, VmmState.STOPPING, VmmState.STOPPED, VmmState.DESTROYED);
        }
    }
}
