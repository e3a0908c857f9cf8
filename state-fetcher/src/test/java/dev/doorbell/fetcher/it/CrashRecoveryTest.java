package dev.doorbell.fetcher.it;

import static dev.doorbell.fetcher.it.FetcherTestBed.inAvroPrecision;
import static dev.doorbell.fetcher.it.FetcherTestBed.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lost wake-up across a crash: a fetcher whose sled hangs has every fetch in flight when it is
 * stopped; a new instance with the same application id, on an empty state directory, restores the
 * pending set from the changelog and fetches every VMM once the directory points at a live sled.
 *
 * <p>"Abrupt" here is {@link StateFetcher#close()} mid-fetch: Kafka Streams cannot be killed
 * inside one JVM, and close abandons the in-flight requests (their completions are dropped) while
 * committing the doorbell offsets, so the second instance consumes no ring again: only the
 * restored store can make it fetch, which the test checks. The old member does not leave the group
 * on close, so the new one waits out the 10 s session timeout; the awaits allow for it.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class CrashRecoveryTest {

    @Test
    void aNewInstanceFetchesEveryVmmThatWasPendingWhenTheOldOneStopped(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3);
             SilentSled hung = new SilentSled()) {
            SledSimulator sled = bed.startSled(SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO), null);
            UUID sledId = sled.config().sledId();
            bed.registerSled(sledId, hung.address(), List.of("1.0.0", "2.0.0"));
            List<UUID> vmms = bed.runningVmms(sled, 50);

            FetcherConfig config = bed.fetcherConfig(stateDir.resolve("first"));
            StateFetcher first = bed.startFetcher(config);
            await().atMost(Duration.ofSeconds(60)).until(() -> first.state() == KafkaStreams.State.RUNNING);
            bed.ring(vmms);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(metric(first, "doorbell_fetcher_rings_consumed_total")).isEqualTo(vmms.size());
                assertThat(metric(first, "doorbell_fetcher_fetches_started_total")).isGreaterThanOrEqualTo(vmms.size());
                assertThat(hung.connectionsAccepted()).isPositive();
            });
            first.close();
            assertThat(vmms).allSatisfy(vmm -> assertThat(bed.observationsOf(vmm)).isEmpty());

            bed.registerSled(sled);
            StateFetcher second = bed.startFetcher(config.withStateDir(stateDir.resolve("second")));

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(vmms).allSatisfy(vmm ->
                    assertThat(bed.lastObservationOf(vmm).flatMap(FetcherTestBed::stateIn))
                            .as("observation of %s", vmm).contains(inAvroPrecision(sled.sled().state(vmm).orElseThrow()))));
            assertThat(metric(second, "doorbell_fetcher_rings_consumed_total")).as("rings the second instance consumed").isZero();
        }
    }
}
