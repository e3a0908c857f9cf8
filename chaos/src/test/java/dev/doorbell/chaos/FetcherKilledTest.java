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
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 2: during a storm, fetcher instances of one application come and go: a second joins,
 * the first is stopped while the storm keeps it fetching (Kafka Streams cannot be killed inside a
 * JVM; its close abandons the requests in flight and does not leave the group, so its tasks move
 * only when its session times out, as after a crash), and so on for {@value #ROUNDS} rounds, each
 * a join and a departure. Every ring the stopped instances had taken must still end up in the database.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class FetcherKilledTest {

    private static final int VMMS_PER_SLED = 100;
    private static final double CHANGES_PER_SECOND_PER_SLED = 30;
    private static final int ROUNDS = 3;
    private static final String RINGS = FetcherMetrics.RINGS_CONSUMED;
    private static final String STARTED = FetcherMetrics.FETCHES_STARTED;

    @Test
    void fetchersStoppedMidFetchAndReplacedLoseNoRing(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres)
            throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.start(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults());
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            for (int round = 0; round < ROUNDS; round++) {
                StateFetcher old = pipeline.fetchers().getFirst();
                StateFetcher joining = pipeline.startFetcher();
                // the newcomer takes over some tasks and works on the storm before the old one goes
                await().atMost(Duration.ofSeconds(90)).until(() -> joining.state() == KafkaStreams.State.RUNNING
                        && Meters.count(joining.meters(), RINGS) > 0);
                assertThat(Meters.count(old.meters(), STARTED)).as("fetches the stopped instance had started").isPositive();
                pipeline.stopFetcher(old);
            }
            Instant lastStop = Instant.now();
            // the survivor owns every task once the stopped member's session has timed out, and keeps fetching
            StateFetcher survivor = pipeline.fetchers().getFirst();
            double ringsBefore = Meters.count(survivor.meters(), RINGS);
            await().atMost(Duration.ofSeconds(60)).until(() -> Meters.count(survivor.meters(), RINGS) > ringsBefore);

            ScenarioOutcome.settle(pipeline, storm, lastStop, "2 fetcher killed, rebalances",
                    "a fetcher stopped while fetching, " + ROUNDS + " times, a new one joining each time");
        }
    }
}
