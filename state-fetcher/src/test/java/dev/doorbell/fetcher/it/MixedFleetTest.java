package dev.doorbell.fetcher.it;

import static dev.doorbell.fetcher.it.FetcherTestBed.inAvroPrecision;
import static dev.doorbell.fetcher.it.FetcherTestBed.stateIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.VmmLifecycle;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An online update in progress: a sled still on {@code 1.0.0} beside one on {@code 2.0.0}. The
 * fetcher asks {@code 2.0.0} first, falls back for the old sled, and records the version it got:
 * a crash reads with its {@code failure_reason} only from the new sled.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class MixedFleetTest {

    @Test
    void oldAndNewSledsAreFetchedSideBySideAndOnlyTheNewOneReportsAFailureReason(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3)) {
            SledSimulator oldSled = bed.startRegisteredSled(Set.of(ApiVersion.V1));
            SledSimulator newSled = bed.startRegisteredSled(Set.of(ApiVersion.V1, ApiVersion.V2));
            List<UUID> onOld = bed.runningVmms(oldSled, 5);
            List<UUID> onNew = bed.runningVmms(newSled, 5);
            UUID crashedOld = onOld.get(0);
            UUID crashedNew = onNew.get(0);
            oldSled.sled().fault(crashedOld, VmmLifecycle.PROPOLIS_CRASHED);
            newSled.sled().fault(crashedNew, VmmLifecycle.PROPOLIS_CRASHED);
            // The old sled knows why its VMM failed; only its API cannot say so.
            assertThat(oldSled.sled().state(crashedOld).orElseThrow().vmmState().failureReason()).isEqualTo("propolis_crashed");

            bed.startFetcher(bed.fetcherConfig(stateDir));
            List<UUID> all = new ArrayList<>(onOld);
            all.addAll(onNew);
            bed.ring(all);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (UUID vmm : onOld) {
                    VmmStateObservation last = bed.lastObservationOf(vmm).orElseThrow(() -> new AssertionError("none for " + vmm));
                    assertThat(last.getSledApiVersion()).isEqualTo("1.0.0");
                    assertThat(last.getSledId()).isEqualTo(oldSled.config().sledId());
                    SledVmmState onSled = oldSled.sled().state(vmm).orElseThrow();
                    assertThat(stateIn(last)).contains(inAvroPrecision(new SledVmmState(onSled.vmmState().withoutFailureReason(),
                            onSled.migrationIn(), onSled.migrationOut())));
                }
                for (UUID vmm : onNew) {
                    VmmStateObservation last = bed.lastObservationOf(vmm).orElseThrow(() -> new AssertionError("none for " + vmm));
                    assertThat(last.getSledApiVersion()).isEqualTo("2.0.0");
                    assertThat(last.getSledId()).isEqualTo(newSled.config().sledId());
                    assertThat(stateIn(last)).contains(inAvroPrecision(newSled.sled().state(vmm).orElseThrow()));
                }
            });

            SledVmmState oldCrash = stateIn(bed.lastObservationOf(crashedOld).orElseThrow()).orElseThrow();
            assertThat(oldCrash.vmmState().state()).isEqualTo(VmmState.FAILED);
            assertThat(oldCrash.vmmState().failureReason()).isNull();
            SledVmmState newCrash = stateIn(bed.lastObservationOf(crashedNew).orElseThrow()).orElseThrow();
            assertThat(newCrash.vmmState().state()).isEqualTo(VmmState.FAILED);
            assertThat(newCrash.vmmState().failureReason()).isEqualTo("propolis_crashed");
        }
    }
}
