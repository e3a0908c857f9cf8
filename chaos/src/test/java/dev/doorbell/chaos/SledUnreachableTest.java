package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 3: one sled's API becomes unreachable for 20 s while its VMMs keep changing and ringing
 * (the doorbells go through Kafka, which is fine): for 10 s its port refuses connections, for the
 * next 10 s connections are accepted and never answered. The fetcher must keep retrying with
 * back-off rather than give up (it gives up only after 60 s), and once the sled answers again the
 * database must catch up with every change made meanwhile.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class SledUnreachableTest {

    private static final int VMMS_PER_SLED = 100;
    private static final double CHANGES_PER_SECOND_PER_SLED = 30;
    private static final Duration REFUSED = Duration.ofSeconds(10);
    private static final Duration BLACK_HOLED = Duration.ofSeconds(10);
    private static final String GAVE_UP = FetcherMetrics.GAVE_UP;
    private static final String COMPLETED = FetcherMetrics.FETCHES_COMPLETED;

    @Test
    void aSledRefusingThenBlackHoledFor20sLosesNothing(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres)
            throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.start(ChaosServers.of(kafka, registry, postgres),
                ChaosOptions.defaults().withProxies());
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            pipeline.awaitFlowing(storm.initialVmms());
            StateFetcher fetcher = pipeline.fetchers().getFirst();
            TcpProxy sled = pipeline.sleds().getFirst().proxy().orElseThrow();
            double failedBefore = Meters.count(fetcher.meters(), COMPLETED, "outcome", "failed_retryable");

            sled.refuse();
            // for the whole outage the fetcher retries and never gives up on the sled's VMMs
            await().during(REFUSED).atMost(REFUSED.plusSeconds(5)).until(() -> Meters.count(fetcher.meters(), GAVE_UP) == 0);
            assertThat(Meters.count(fetcher.meters(), COMPLETED, "outcome", "failed_retryable"))
                    .as("fetches refused").isGreaterThan(failedBefore);
            long acceptedBefore = sled.accepted();
            sled.blackHole();
            await().during(BLACK_HOLED).atMost(BLACK_HOLED.plusSeconds(5)).until(() -> Meters.count(fetcher.meters(), GAVE_UP) == 0);
            assertThat(sled.accepted()).as("connections swallowed by the black hole").isGreaterThan(acceptedBefore);
            sled.forward();
            Instant healed = Instant.now();

            ScenarioOutcome.settle(pipeline, storm, healed, "3 sled unreachable",
                    "one sled's API refused " + REFUSED.toSeconds() + " s, then black-holed " + BLACK_HOLED.toSeconds() + " s");
        }
    }
}
