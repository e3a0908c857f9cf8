package dev.doorbell.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetchPolicy;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only the sled's own word makes a VMM gone. A sled registered under a wrong path answers every
 * fetch with a plain 404 (no such route, no {@code NO_SUCH_INSTANCE}): its running VMMs are retried
 * with back-off and finally reported {@code SledUnreachable}, never {@code NoSuchVmm}; an unknown
 * VMM on a correctly registered sled is {@code NoSuchVmm}.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class PlainNotFoundTest {

    @Test
    void aPlain404IsRetriedAndNeverReadAsNoSuchVmm(KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3)) {
            SledSimulator misregistered = bed.startRegisteredSled(Set.copyOf(ApiVersion.KNOWN));
            UUID running = bed.runningVmms(misregistered, 1).get(0);
            bed.registerSled(misregistered.config().sledId(), URI.create(misregistered.baseUrl() + "/not-the-sled-api"),
                    List.of("1.0.0", "2.0.0"));
            SledSimulator healthy = bed.startRegisteredSled(Set.copyOf(ApiVersion.KNOWN));
            UUID unknown = UUID.randomUUID();
            bed.place(List.of(unknown), healthy.config().sledId());

            FetcherConfig base = bed.fetcherConfig(stateDir);
            FetchPolicy quickToGiveUp = new FetchPolicy(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(500),
                    Duration.ofSeconds(3), Duration.ofSeconds(30));
            bed.startFetcher(base.withSettings(base.settings().withPolicy(quickToGiveUp)));
            bed.ring(List.of(running, unknown));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(bed.lastObservationOf(unknown)).hasValueSatisfying(o -> assertThat(o.getOutcome()).isInstanceOf(NoSuchVmm.class));
                VmmStateObservation last = bed.lastObservationOf(running).orElseThrow(() -> new AssertionError("none yet"));
                assertThat(last.getOutcome()).isInstanceOfSatisfying(SledUnreachable.class, u -> {
                    assertThat(u.getAttempts()).isGreaterThan(1);
                    assertThat(u.getError().toString()).contains("404");
                });
            });
            assertThat(bed.observationsOf(running)).as("the plain 404s never read as a missing VMM")
                    .noneMatch(o -> o.getOutcome() instanceof NoSuchVmm);
            assertThat(misregistered.sled().state(running)).isPresent();
        }
    }
}
