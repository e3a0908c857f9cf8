package dev.doorbell.chaos;

import static org.awaitility.Awaitility.await;

import dev.doorbell.cli.fleet.ComponentProcess;
import dev.doorbell.cli.fleet.Fleet;
import dev.doorbell.cli.fleet.PrometheusText;
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
 * Real crashes: the state fetchers and reconcilers run as processes of their own ({@code doorbell fetcher},
 * {@code doorbell reconciler}) and are {@code SIGKILL}ed mid-storm — no shutdown hook, no flush, no commit, no
 * leaving the group. Whatever they had taken (rings in the pending store, fetches in flight, batches written to the
 * database whose offsets were not committed yet) must still end up in the database, equal to every sled.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class ProcessKilledTest {

    private static final int VMMS_PER_SLED = 60;
    private static final double CHANGES_PER_SECOND_PER_SLED = 20;
    private static final Duration MOVE = Duration.ofSeconds(90);
    private static final String RINGS = "doorbell_fetcher_rings_consumed_total";
    private static final String STARTED = "doorbell_fetcher_fetches_started_total";
    private static final String APPLIED = "doorbell_reconciler_observations_applied_total";

    @Test
    void aFetcherProcessKilledMidStormWhileAnotherRunsLosesNoRing(KafkaCluster kafka, RegistryServer registry, PostgresServer postgres)
            throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults(), 1, 2);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            Fleet fleet = pipeline.fleet();
            pipeline.awaitFlowing(100);
            await("both fetchers fetching").atMost(MOVE).until(() -> counter(pipeline, "fetcher-1", STARTED) > 0
                    && counter(pipeline, "fetcher-2", STARTED) > 0);
            fleet.kill("fetcher-1");
            Instant killed = Instant.now();
            // the survivor takes the killed one's tasks once its session has timed out, restoring their pending stores
            double before = pipeline.processCounter("fetcher", RINGS);
            await("the survivor fetches on").atMost(MOVE).until(() -> pipeline.processCounter("fetcher", RINGS) > before + 200);
            ScenarioOutcome.settle(pipeline, storm, killed, "10 fetcher process SIGKILLed",
                    "one of two fetcher processes SIGKILLed mid-storm; its tasks move to the other");
        }
    }

    @Test
    void theOnlyFetcherKilledAndRestartedOnItsStateDirectoryLosesNoRing(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults(), 1, 1);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            Fleet fleet = pipeline.fleet();
            pipeline.awaitFlowing(100);
            fleet.kill("fetcher-1");
            // rings keep arriving while no fetcher runs; the restarted one restores its store from the same directory
            fleet.restart("fetcher-1");
            Instant restarted = Instant.now();
            await("the restarted fetcher fetches").atMost(MOVE).until(() -> counter(pipeline, "fetcher-1", STARTED) > 0);
            ScenarioOutcome.settle(pipeline, storm, restarted, "11 only fetcher SIGKILLed, restarted",
                    "the only fetcher process SIGKILLed mid-storm and started again on its state directory");
        }
    }

    @Test
    void aReconcilerKilledBetweenItsDatabaseCommitAndItsOffsetCommitLosesNothing(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.startAsProcesses(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults(), 2, 1);
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            Fleet fleet = pipeline.fleet();
            pipeline.awaitFlowing(100);
            await("both reconcilers applying").atMost(MOVE).until(() -> counter(pipeline, "reconciler-1", APPLIED) > 0
                    && counter(pipeline, "reconciler-2", APPLIED) > 0);
            // offsets are committed once a second while batches are written continuously: a kill now lands after
            // database commits whose offsets are not committed, which the survivor applies again (harmlessly)
            fleet.kill("reconciler-1");
            double before = counter(pipeline, "reconciler-2", APPLIED);
            await("the survivor applies the killed one's partitions too").atMost(MOVE)
                    .until(() -> counter(pipeline, "reconciler-2", APPLIED) > before + 200);
            // and back: a rebalance the other way
            fleet.restart("reconciler-1");
            Instant healed = Instant.now();
            await("the restarted reconciler applies again").atMost(MOVE).until(() -> counter(pipeline, "reconciler-1", APPLIED) > 0);
            ScenarioOutcome.settle(pipeline, storm, healed, "12 reconciler process SIGKILLed",
                    "one of two reconcilers SIGKILLed between database and offset commits, then restarted (two rebalances)");
        }
    }

    private static double counter(ChaosPipeline pipeline, String process, String name) {
        return pipeline.fleet().component(process).filter(ComponentProcess::isAlive)
                .flatMap(p -> PrometheusText.scrape(p.spec().baseUrl()))
                .map(text -> text.sum(name)).orElse(0.0);
    }

}
