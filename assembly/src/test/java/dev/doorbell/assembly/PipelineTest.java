package dev.doorbell.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.reconciler.apply.ObservationConsumer;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.reconciler.read.ReadModel;
import dev.doorbell.sledsim.NotifyMode;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.PipelineTopics;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The assembly on real servers: a whole pipeline from one spec, a VMM reaching the database, a reconciler restart, close. */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class PipelineTest {

    @Test
    void assemblesThePipelineInOrderCarriesAVmmToTheDatabaseAndStopsEverything(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres, @TempDir Path dir) throws Exception {
        Database.Config database = TestDatabases.createEmpty(postgres.jdbcUrl(), postgres.user(), postgres.password());
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineSpec spec = spec(kafka, registry, database, suffix, new PipelineSpec.Fetchers(1, n -> dir.resolve("fetcher-" + n),
                c -> c.withApplicationId("assembly-fetcher" + suffix)))
                .withGateway(PipelineSpec.Gateway.ringing(0));
        List<String> steps = new CopyOnWriteArrayList<>();
        Steps recording = new Steps() {
            @Override
            public <T> T run(String name, String component, Callable<T> start, Function<T, String> detail) throws Exception {
                T result = start.call();
                steps.add(component + ": " + detail.apply(result));
                return result;
            }
        };

        int sledPort;
        try (Pipeline pipeline = Pipeline.start(spec, recording);
             Database db = Database.open(database)) {
            assertThat(steps).extracting(s -> s.substring(0, s.indexOf(':')))
                    .containsExactly("topics", "schemas", "reconciler", "fetcher", "gateway");
            assertThat(pipeline.schemaIds()).isNotEmpty();
            assertThat(pipeline.gateway()).isPresent();

            SledSimulator sled = pipeline.startSled(UUID.randomUUID());
            sledPort = sled.port();
            UUID instance = pipeline.control().createInstance("assembled" + suffix);
            StartedVmm vmm = pipeline.control().start(instance, sled.sled().id());
            ReadModel reads = new ReadModel(db.dataSource());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(reads.vmm(vmm.vmmId()))
                    .hasValueSatisfying(row -> assertThat(row.state()).isEqualTo("running")));

            // the reconciler restarts in its group, on another port; the control client follows it
            String before = pipeline.reconciler().baseUrl();
            pipeline.stopReconciler();
            assertThatThrownBy(pipeline::reconciler).isInstanceOf(IllegalStateException.class);
            pipeline.startReconciler();
            assertThat(pipeline.reconciler().baseUrl()).isNotNull();
            assertThat(pipeline.control().activeVmm(instance)).as("asked of the reconciler started again (was %s)", before)
                    .contains(vmm.vmmId());
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", sledPort).close()).as("the sled stopped with the pipeline")
                .isInstanceOf(IOException.class);
    }

    /**
     * A fetcher applying ahead: a VMM's states reach the database through the fetcher's own transactions, published
     * marked applied, and the reconciler skips them (it would change nothing).
     */
    @Test
    void aFetcherApplyingAheadWritesTheDatabaseAndTheReconcilerSkipsWhatItApplied(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres, @TempDir Path dir) throws Exception {
        Database.Config database = TestDatabases.createEmpty(postgres.jdbcUrl(), postgres.user(), postgres.password());
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineSpec spec = spec(kafka, registry, database, suffix, new PipelineSpec.Fetchers(1, n -> dir.resolve("fetcher-" + n),
                c -> c.withApplicationId("ahead-fetcher" + suffix), Optional.of(Duration.ofMillis(1))));

        try (Pipeline pipeline = Pipeline.start(spec);
             Database db = Database.open(database)) {
            assertThat(pipeline.fetcher().config().streamsProperties())
                    .containsEntry("producer.linger.ms", Integer.toString(FetcherConfig.APPLIED_OBSERVATION_LINGER_MS));
            SledSimulator sled = pipeline.startSled(UUID.randomUUID());
            UUID instance = pipeline.control().createInstance("ahead" + suffix);
            StartedVmm vmm = pipeline.control().start(instance, sled.sled().id());
            ReadModel reads = new ReadModel(db.dataSource());

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(reads.vmm(vmm.vmmId())).hasValueSatisfying(row -> assertThat(row.state()).isEqualTo("running"));
                assertThat(pipeline.fetcher().meters().counter(FetcherMetrics.OBSERVATIONS_APPLIED).count()).isPositive();
                assertThat(pipeline.reconciler().meters().counter(ApplierMetrics.SKIPPED, "reason", ObservationConsumer.APPLIED_AHEAD)
                        .count()).as("the marked records reached the reconciler, which skipped them").isPositive();
            });
        }
    }

    /** Topics suffixed {@code suffix}, a reconciler without sweeps, {@code fetchers}, sleds ringing through Kafka. */
    private static PipelineSpec spec(KafkaCluster kafka, RegistryServer registry, Database.Config database, String suffix,
                                     PipelineSpec.Fetchers fetchers) {
        return PipelineSpec.on(new Servers(kafka.bootstrapServers(), registry.ccompatUrl(), database))
                .withTopics(PipelineTopics.suffixed(suffix), 3, (short) 1)
                .withReconciler(c -> c.withHttpPort(0).withGroupId("reconciler" + suffix).withSweep(null))
                .withFetchers(fetchers)
                .withSleds(id -> SledSimConfig.builder().sledId(id).notify(NotifyMode.DOORBELL_KAFKA, null).build());
    }
}
