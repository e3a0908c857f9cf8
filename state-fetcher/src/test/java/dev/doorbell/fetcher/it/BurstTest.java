package dev.doorbell.fetcher.it;

import static dev.doorbell.fetcher.it.FetcherTestBed.inAvroPrecision;
import static dev.doorbell.fetcher.it.FetcherTestBed.metric;
import static dev.doorbell.fetcher.it.FetcherTestBed.stateIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetchPolicy;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.ProcessingGuarantee;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.sledsim.SledSimulator;
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
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bursts of raw doorbells (no publisher-side collapse) for many VMMs on explicitly stepped sleds,
 * with state changes between rings: each VMM's last observation is its sled's final state (no
 * lost wake-up), and the fetches per VMM stay within {@code 2 + span / min-refetch-interval}.
 *
 * <p>The span is measured from before the first ring is sent until the fetcher's
 * {@code rings.consumed} counter shows every ring consumed: every ring reached the fetcher inside
 * it, so the bound derived from it is one the work queue must meet. The refetch interval is 1 s
 * (not the 100 ms default) so the bound stays well below the 50 rings per VMM: a fetcher that
 * fetched once per ring would break it.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class BurstTest {

    private static final Logger LOG = LoggerFactory.getLogger(BurstTest.class);
    private static final Duration REFETCH_INTERVAL = Duration.ofSeconds(1);

    @Test
    void thousandVmmsRungInBurstsOfFiftyEndAtTheirSledsFinalStateWithinTheFetchBound(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3)) {
            burst(bed, bed.fetcherConfig(stateDir), 3, 1_000, 50);
        }
    }

    @Test
    void aSmallerBurstEndsAtTheFinalStatesUnderExactlyOnce(KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.createReadCommitted(kafka, registry, 3)) {
            burst(bed, bed.fetcherConfig(stateDir).withProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE_V2), 2, 200, 20);
        }
    }

    private static void burst(FetcherTestBed bed, FetcherConfig base, int sledCount, int vmmCount, int ringsPerVmm) {
        Map<UUID, SledSimulator> sledOf = new LinkedHashMap<>();
        for (int s = 0; s < sledCount; s++) {
            SledSimulator sled = bed.startRegisteredSled(Set.copyOf(ApiVersion.KNOWN));
            bed.runningVmms(sled, vmmCount / sledCount + (s < vmmCount % sledCount ? 1 : 0))
                    .forEach(vmm -> sledOf.put(vmm, sled));
        }
        List<UUID> vmms = new ArrayList<>(sledOf.keySet());
        assertThat(vmms).hasSize(vmmCount);

        FetchPolicy defaults = FetchPolicy.defaults();
        FetcherConfig config = base.withSettings(base.settings().withPolicy(new FetchPolicy(REFETCH_INTERVAL,
                defaults.initialBackoff(), defaults.maxBackoff(), defaults.giveUpAfter(), defaults.placementWait())));
        StateFetcher fetcher = bed.startFetcher(config);
        await().atMost(Duration.ofSeconds(60)).until(() -> fetcher.state() == KafkaStreams.State.RUNNING);

        long start = System.nanoTime();
        for (int round = 0; round < ringsPerVmm; round++) {
            // Changes between rings, and one just before the last ring: the final state is not the first.
            if (round % 10 == 5 || round == ringsPerVmm - 1) {
                vmms.forEach(vmm -> FetcherTestBed.change(sledOf.get(vmm).sled(), vmm));
            }
            bed.ring(vmms);
        }
        long totalRings = (long) vmmCount * ringsPerVmm;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(metric(fetcher, "doorbell_fetcher_rings_consumed_total")).isGreaterThanOrEqualTo(totalRings));
        Duration span = Duration.ofNanos(System.nanoTime() - start);
        long bound = 2 + span.toMillis() / REFETCH_INTERVAL.toMillis();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertLastObservationsAreFinal(bed, sledOf));

        // Quiet: every fetch started has completed, each with a state, and each is one observation
        // (so counting observations per VMM counts its fetches).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            double started = metric(fetcher, "doorbell_fetcher_fetches_started_total");
            assertThat(metric(fetcher, "doorbell_fetcher_fetches_completed_total{outcome=\"found\"")).isEqualTo(started);
            assertThat(metric(fetcher, "doorbell_fetcher_fetches_completed_total")).isEqualTo(started);
            assertThat(vmms.stream().mapToLong(vmm -> bed.observationsOf(vmm).size()).sum()).isEqualTo((long) started);
        });

        assertLastObservationsAreFinal(bed, sledOf); // still, now that nothing is in flight

        int most = vmms.stream().mapToInt(vmm -> bed.observationsOf(vmm).size()).max().orElseThrow();
        LOG.info("burst: {} VMMs x {} rings over {} ms; bound {} fetches per VMM, most observed {}; {} fetches in all",
                vmmCount, ringsPerVmm, span.toMillis(), bound, most, metric(fetcher, "doorbell_fetcher_fetches_started_total"));
        for (UUID vmm : vmms) {
            assertThat(bed.observationsOf(vmm)).as("fetches of %s in a %d ms burst", vmm, span.toMillis())
                    .hasSizeLessThanOrEqualTo((int) bound);
        }
        assertThat(metric(fetcher, "doorbell_fetcher_rings_collapsed_total")).isPositive();
    }

    private static void assertLastObservationsAreFinal(FetcherTestBed bed, Map<UUID, SledSimulator> sledOf) {
        sledOf.forEach((vmm, sled) -> {
            VmmStateObservation last = bed.lastObservationOf(vmm).orElseThrow(() -> new AssertionError("no observation of " + vmm));
            assertThat(stateIn(last)).as("last observation of %s", vmm).contains(inAvroPrecision(sled.sled().state(vmm).orElseThrow()));
        });
    }
}
