package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.fetcher.StateFetcher;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.servers.ApicurioRegistry;
import dev.doorbell.servers.ApicurioRegistryConfig;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: the schema registry (a process of this test's own, with persistent storage so the
 * schemas survive) is down for 15 s in the middle of a storm. Serializers and deserializers cache
 * schema ids, so a warm pipeline would not notice; to make the outage bite, a fetcher instance and
 * the reconciler start cold while it lasts: the new fetcher must serialize observations and the new
 * reconciler must read the ones waiting for it, without the registry. Neither may drop one, nor
 * stop: they wait or retry.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, PostgresExtension.class})
class RegistryDownTest {

    private static final int VMMS_PER_SLED = 100;
    private static final double CHANGES_PER_SECOND_PER_SLED = 30;
    private static final Duration DOWN = Duration.ofSeconds(15);

    @Test
    void registryDownFor15sWhileAFetcherAndTheReconcilerRestartLosesNothing(KafkaCluster kafka, PostgresServer postgres)
            throws Exception {
        Path directory = Files.createDirectories(ChaosReport.buildDirectory().resolve("chaos-registry-" + UUID.randomUUID()));
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistryConfig.persistentIn(directory));
             ChaosPipeline pipeline = ChaosPipeline.start(new ChaosServers(kafka.bootstrapServers(), registry.ccompatUrl(),
                     postgres.jdbcUrl(), postgres.user(), postgres.password()), ChaosOptions.defaults());
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            pipeline.awaitFlowing(storm.initialVmms());
            StateFetcher warm = pipeline.fetchers().getFirst();

            // observations the warm fetcher emits from here on wait for a reconciler that starts without the registry
            pipeline.stopReconciler();
            registry.stop();
            StateFetcher cold = pipeline.startFetcher();
            pipeline.stopFetcher(warm);
            pipeline.startReconciler();
            // for the whole outage the cold fetcher stays up (it owns every task once the warm one's session ends)
            await().during(DOWN).atMost(DOWN.plusSeconds(5)).until(() -> cold.state().isRunningOrRebalancing());
            assertThat(Meters.count(cold.meters(), FetcherMetrics.OBSERVATIONS_UNFORWARDED))
                    .as("observations the cold fetcher could not serialize").isPositive();
            assertThat(Meters.count(pipeline.reconciler().meters(), ApplierMetrics.BATCH_RETRIES))
                    .as("batches the cold reconciler could not read").isPositive();
            registry.start();
            Instant healed = Instant.now();

            ScenarioOutcome.settle(pipeline, storm, healed, "4 registry down",
                    "registry stopped " + DOWN.toSeconds() + " s; a fetcher and the reconciler restarted cold meanwhile");
        }
    }
}
