package dev.doorbell.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling out: a second fetcher that joins a running one whose pending store has changelog records
 * to restore takes its half of the tasks within about a minute (the fetcher's default probing
 * rebalance interval and warm-up count), not after Streams' default ten minutes.
 *
 * <p>{@code acceptable.recovery.lag=0} stands in for a store that has run for a while (more than
 * Streams' default 10,000 records behind for a newcomer): every task with changelog records is
 * warmed up on the newcomer first, and moves at a probing rebalance once its copy caught up.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class ScaleOutTest {

    private static final int PARTITIONS = 6;

    @Test
    void aSecondInstanceJoiningARunningOneWithAFilledStoreTakesItsShareWithinAboutAMinute(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, PARTITIONS)) {
            SledSimulator sled = bed.startRegisteredSled(Set.of(ApiVersion.V2));
            List<UUID> vmms = bed.runningVmms(sled, 120);
            FetcherConfig config = bed.fetcherConfig(stateDir.resolve("one"))
                    .withClientOverrides(Map.of(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, "0"));
            StateFetcher one = bed.startFetcher(config);
            await().atMost(Duration.ofSeconds(60)).until(() -> one.state() == KafkaStreams.State.RUNNING);
            bed.ring(vmms);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(vmms).allSatisfy(vmm -> assertThat(bed.lastObservationOf(vmm)).isPresent()));
            Set<TaskId> all = one.activeTasks();
            assertThat(all).as("tasks of the only instance").hasSize(PARTITIONS);

            StateFetcher two = bed.startFetcher(config.withStateDir(stateDir.resolve("two")));

            // one probing rebalance (60 s) after the join, plus the join and the warm-up themselves
            await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Set<TaskId> first = one.activeTasks();
                Set<TaskId> second = two.activeTasks();
                assertThat(second).as("tasks of the instance that joined").hasSize(PARTITIONS / 2);
                assertThat(first).as("tasks left to the first instance").hasSize(PARTITIONS / 2);
                Set<TaskId> union = new HashSet<>(first);
                union.addAll(second);
                assertThat(union).isEqualTo(all);
            });

            // the moved tasks are processed by the newcomer: their rings are fetched again
            bed.ring(vmms);
            await().atMost(Duration.ofSeconds(30)).until(() -> FetcherTestBed.metric(two, "doorbell_fetcher_rings_consumed_total") > 0);
        }
    }
}
