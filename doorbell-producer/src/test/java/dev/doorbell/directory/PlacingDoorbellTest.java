package dev.doorbell.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PlacingDoorbellTest {

    /**
     * With no broker to answer, a Kafka send blocks for want of metadata (up to max.block.ms, 60 s):
     * the ring must not wait for the placement, or a broker outage stalls the sled that rings.
     */
    @Test
    void ringsAtOnceWhileThePlacementCannotBeSent() {
        Set<UUID> rung = ConcurrentHashMap.newKeySet();
        try (DirectoryPublisher unreachable = new DirectoryPublisher("127.0.0.1:1", "sleds", "placements", Map.of())) {
            PlacingDoorbell doorbell = new PlacingDoorbell(rung::add, unreachable, UUID.randomUUID());
            UUID vmm = UUID.randomUUID();

            Thread ringing = Thread.ofPlatform().start(() -> doorbell.ring(vmm));

            await().atMost(Duration.ofSeconds(10)).until(() -> !ringing.isAlive());
            assertThat(rung).containsExactly(vmm);
        }
    }
}
