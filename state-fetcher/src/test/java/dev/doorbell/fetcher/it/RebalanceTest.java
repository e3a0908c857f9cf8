package dev.doorbell.fetcher.it;

import static dev.doorbell.fetcher.it.FetcherTestBed.inAvroPrecision;
import static dev.doorbell.fetcher.it.FetcherTestBed.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lost wake-up through rebalances: two fetchers of one application run together while a third
 * joins and then leaves, all during a storm of state changes that the sleds ring through real
 * {@link DoorbellPublisher}s. Afterwards every VMM's last observation is its sled's final state.
 *
 * <p>The storm is paced by the publishers' acknowledgements ({@link DoorbellPublisher#flush}), not
 * by sleeping, and lasts until the third instance is running and again until it has closed. It
 * leaves without a leave-group request (Streams' close), so its tasks move only after the 10 s
 * session timeout; the final await allows for that.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class RebalanceTest {

    private static final int VMMS_PER_SLED = 150;
    private static final int CHANGES_PER_ROUND = 20;

    @Test
    void aThirdFetcherJoiningAndLeavingDuringAStormLosesNoVmmsFinalState(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 6)) {
            Map<UUID, SledSimulator> sledOf = new LinkedHashMap<>();
            List<DoorbellPublisher> publishers = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                SledSimConfig config = SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO);
                DoorbellPublisher publisher = bed.publisherFor(config.sledId());
                publishers.add(publisher);
                SledSimulator sled = bed.startSled(config.withNotify(NotifyMode.DOORBELL_KAFKA, null), publisher);
                bed.registerSled(sled);
                bed.runningVmms(sled, VMMS_PER_SLED).forEach(vmm -> sledOf.put(vmm, sled));
            }
            List<UUID> vmms = new ArrayList<>(sledOf.keySet());
            SplittableRandom random = new SplittableRandom(42);

            FetcherConfig config = bed.fetcherConfig(stateDir.resolve("one"));
            StateFetcher one = bed.startFetcher(config);
            StateFetcher two = bed.startFetcher(config.withStateDir(stateDir.resolve("two")));
            await().atMost(Duration.ofSeconds(60)).until(() -> one.state() == KafkaStreams.State.RUNNING
                    && two.state() == KafkaStreams.State.RUNNING);

            StateFetcher three = StateFetcher.start(config.withStateDir(stateDir.resolve("three")));
            double threeConsumed;
            try {
                storm(vmms, sledOf, publishers, random, () -> three.state() == KafkaStreams.State.RUNNING);
                // Keep ringing while it owns tasks, until it has consumed some of the storm itself.
                storm(vmms, sledOf, publishers, random, () -> metric(three, "doorbell_fetcher_rings_consumed_total") > 0);
                threeConsumed = metric(three, "doorbell_fetcher_rings_consumed_total");
            } finally {
                CompletableFuture<Void> leaving = CompletableFuture.runAsync(three::close);
                storm(vmms, sledOf, publishers, random, leaving::isDone);
                leaving.join();
            }
            storm(vmms, sledOf, publishers, random, countdown(50));
            assertThat(threeConsumed).as("rings the joining instance consumed").isPositive();

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(vmms).allSatisfy(vmm ->
                    assertThat(bed.lastObservationOf(vmm).flatMap(FetcherTestBed::stateIn)).as("last observation of %s", vmm)
                            .contains(inAvroPrecision(sledOf.get(vmm).sled().state(vmm).orElseThrow()))));
        }
    }

    /** Rounds of state changes on random VMMs (each rung by its sled), each round acknowledged, until {@code done}. */
    private static void storm(List<UUID> vmms, Map<UUID, SledSimulator> sledOf, List<DoorbellPublisher> publishers,
                              SplittableRandom random, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            for (int i = 0; i < CHANGES_PER_ROUND; i++) {
                UUID vmm = vmms.get(random.nextInt(vmms.size()));
                FetcherTestBed.change(sledOf.get(vmm).sled(), vmm);
            }
            for (DoorbellPublisher publisher : publishers) {
                assertThat(publisher.flush(Duration.ofSeconds(30))).as("doorbells acknowledged").isTrue();
            }
        }
    }

    private static BooleanSupplier countdown(int rounds) {
        int[] left = {rounds};
        return () -> left[0]-- <= 0;
    }
}
