package dev.doorbell.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No head-of-line blocking: a sled whose every answer takes 3 s, rung first and holding all the
 * request permits it may hold, does not delay a fast sled rung after it.
 *
 * <p>Not a timing assertion: every fast VMM's observation must be emitted before the slow sled's
 * first answer, which cannot come sooner than 3 s after the slow fetches started, and those started
 * before the fast VMMs were even rung. With one VMM per request and room for 8 requests in all, 4
 * per sled, 20 slow VMMs would fill every permit if the per-sled bound did not hold them back.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class SlowSledTest {

    private static final Duration SLOW = Duration.ofSeconds(3);

    @Test
    void aFastSledsVmmsAreObservedBeforeASlowSledRungEarlierFirstAnswers(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3)) {
            SledSimulator fast = bed.startRegisteredSled(Set.copyOf(ApiVersion.KNOWN));
            SledSimulator slowBackend = bed.startSled(SledSimConfig.defaults()
                    .withStepping(SteppingMode.EXPLICIT, Duration.ZERO), null);
            try (DelayingSledProxy slow = new DelayingSledProxy(URI.create(slowBackend.baseUrl()), SLOW)) {
                UUID slowId = slowBackend.config().sledId();
                bed.registerSled(slowId, slow.address(), List.of("1.0.0", "2.0.0"));
                List<UUID> slowVmms = bed.runningVmms(slowBackend, 20);
                List<UUID> fastVmms = bed.runningVmms(fast, 100);

                FetcherConfig base = bed.fetcherConfig(stateDir);
                StateFetcher fetcher = bed.startFetcher(base.withSettings(base.settings().withMaxBatch(1).withLimits(8, 4)));
                await().atMost(Duration.ofSeconds(60)).until(() -> fetcher.state() == KafkaStreams.State.RUNNING);

                bed.ring(slowVmms);
                await().atMost(Duration.ofSeconds(30)).until(() -> slow.requestsReceived() >= 4);
                bed.ring(fastVmms);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(fastVmms).allSatisfy(vmm -> assertThat(bed.lastObservationOf(vmm)).isPresent());
                    assertThat(slowVmms).anySatisfy(vmm -> assertThat(bed.lastObservationOf(vmm)).isPresent());
                });
                Instant slowFirst = slowVmms.stream().flatMap(vmm -> bed.observationsOf(vmm).stream())
                        .map(VmmStateObservation::getObservedAt).min(Instant::compareTo).orElseThrow();
                for (UUID vmm : fastVmms) {
                    assertThat(bed.observationsOf(vmm).get(0).getObservedAt()).as("fast VMM %s", vmm).isBefore(slowFirst);
                }
            }
        }
    }
}
