package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.sweep.SweepSettings;
import dev.doorbell.reconciler.sweep.WatcherSweep;
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
 * Scenario 8: the reconciler's watcher sweeps every VMM each second while the sleds ring for their
 * own changes at a high rate. A sweep rings the VMMs whose sled is ahead of the database, which
 * during the storm are those whose own ring is in flight, so sweep rings and sled rings for one VMM
 * keep meeting in the fetcher and their fetches race; whichever observation lands last, the
 * generation guard keeps the newest.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class SweepRaceTest {

    /**
     * Few VMMs, so each changes three times a second: with the fetcher's re-fetch spacing starting at 25 ms, a sweep's
     * ring and a sled's next ring must come close to one VMM's fetch to meet there, and over 100 VMMs a sled at 60
     * changes a second made that rare enough that some runs saw no ring collapsed.
     */
    private static final int VMMS_PER_SLED = 20;
    private static final double CHANGES_PER_SECOND_PER_SLED = 60;
    private static final int SWEEPS = 15;
    private static final String SWEEP_DURATION = WatcherSweep.DURATION;

    @Test
    void sweepsRacingTheSledsOwnRingsLoseNothing(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres)
            throws Exception {
        SweepSettings everySecond = SweepSettings.defaults().withPeriod(Duration.ofSeconds(1));
        try (ChaosPipeline pipeline = ChaosPipeline.start(ChaosServers.of(kafka, registry, postgres),
                ChaosOptions.defaults().withSweep(everySecond));
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            // the race lasts SWEEPS sweeps
            long before = Meters.timed(pipeline.reconciler().meters(), SWEEP_DURATION);
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    Meters.timed(pipeline.reconciler().meters(), SWEEP_DURATION) >= before + SWEEPS);
            // a comparing sweep rings only VMMs whose sled is ahead of the database: here those whose own ring is in flight
            double rung = Meters.count(pipeline.reconciler().meters(), WatcherSweep.RUNG);
            double confirmed = Meters.count(pipeline.reconciler().meters(), WatcherSweep.CONFIRMED);
            assertThat(rung + confirmed).as("VMMs the watcher checked").isGreaterThan(SWEEPS * VMMS_PER_SLED);
            assertThat(rung).as("VMMs the watcher rang").isPositive();
            Instant stormEnds = Instant.now();
            assertThat(pipeline.fetchers()).allSatisfy(f ->
                    assertThat(Meters.count(f.meters(), FetcherMetrics.RINGS_COLLAPSED)).as("rings collapsed").isPositive());

            ScenarioOutcome.settle(pipeline, storm, stormEnds, "8 sweeps racing rings",
                    "watcher sweep every 1 s during " + (int) (3 * CHANGES_PER_SECOND_PER_SLED) + " changes/s");
        }
    }
}
