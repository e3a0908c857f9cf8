package dev.doorbell.fetcher.it;

import static dev.doorbell.fetcher.it.FetcherTestBed.stateIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.VmmState;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.Sled;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terminal retention, the sled API contract Doorbell proposes: a sled keeps a VMM's terminal state
 * readable for a while, so the pull after its final doorbell finds {@code destroyed} even when the
 * fetch comes late. Here the final rings are held back (rung while no fetcher runs) until the VMMs
 * are destroyed: a sled with the default retention still answers {@code destroyed}; a sled with
 * retention 0 (omicron's sled-agent today, which forgets a VMM once it has reported its end) answers
 * {@code NO_SUCH_INSTANCE}, which the fetcher can only report as {@code NoSuchVmm}.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class TerminalRetentionTest {

    @Test
    void aLateFetchFindsTheDestroyedStateOnlyWhileTheSledRetainsIt(KafkaCluster kafka, RegistryServer registry,
                                                                   @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3)) {
            SledSimulator retaining = bed.startSled(explicit(), null);
            SledSimulator forgetting = bed.startSled(explicit().withRetention(Duration.ZERO), null);
            bed.registerSled(retaining);
            bed.registerSled(forgetting);
            UUID kept = bed.runningVmms(retaining, 1).get(0);
            UUID forgotten = bed.runningVmms(forgetting, 1).get(0);

            bed.ring(List.of(kept, forgotten)); // the final rings, held back: no fetcher runs yet
            destroy(retaining.sled(), kept);
            destroy(forgetting.sled(), forgotten);
            assertThat(retaining.sled().state(kept)).isPresent();
            assertThat(forgetting.sled().state(forgotten)).as("retention 0: gone at once").isEmpty();

            bed.startFetcher(bed.fetcherConfig(stateDir));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                VmmStateObservation late = bed.lastObservationOf(kept).orElseThrow(() -> new AssertionError("none yet"));
                assertThat(stateIn(late)).as(late::toString).hasValueSatisfying(s -> assertThat(s.vmmState().state()).isEqualTo(VmmState.DESTROYED));
                assertThat(late.getSledApiVersion()).isEqualTo(ApiVersion.newest().toString());
                VmmStateObservation gone = bed.lastObservationOf(forgotten).orElseThrow(() -> new AssertionError("none yet"));
                assertThat(gone.getOutcome()).isInstanceOf(NoSuchVmm.class);
            });
        }
    }

    /** A sled with its own random id, the default retention and explicit stepping. */
    private static SledSimConfig explicit() {
        return SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO);
    }

    private static void destroy(Sled sled, UUID vmm) {
        sled.request(vmm, StateRequest.of(RequestedState.STOPPED));
        sled.poke(vmm); // stopped
        sled.poke(vmm); // destroyed
    }
}
