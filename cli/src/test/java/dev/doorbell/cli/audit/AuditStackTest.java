package dev.doorbell.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Servers;
import dev.doorbell.model.Json;
import dev.doorbell.reconciler.db.Database;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doorbell audit} against a real pipeline (broker, registry, PostgreSQL, reconciler, fetcher and two
 * simulated sleds whose VMMs the control plane placed): in sync it exits 0; with the state fetcher
 * stopped a VMM crashed on its sled rings a doorbell nobody fetches, so the database stays behind: the
 * audit reports it pending within the grace period (exit 0) and diverged beyond it (exit 1, naming it);
 * with the reconciler stopped the audit cannot read the database (exit 2, one line).
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class AuditStackTest {

    private static final int INSTANCES_PER_SLED = 3;

    @Test
    void exitsZeroInSyncAndOneNamingTheVmmOnceItsDoorbellGoesUnfetchedBeyondTheGrace(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres, @TempDir Path dir) throws Exception {
        String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineSpec spec = PipelineSpec.on(new Servers(kafka.bootstrapServers(), registry.ccompatUrl(), freshDatabase(postgres)))
                .withTopics(PipelineTopics.suffixed(suffix), 3, (short) 1)
                .withReconciler(c -> c.withHttpPort(0).withGroupId("audit-reconciler" + suffix).withSweep(null))
                .withFetchers(n -> dir.resolve("fetcher-" + n), c -> c.withApplicationId("audit-fetcher" + suffix))
                .withSleds(id -> SledSimConfig.builder().sledId(id).notify(NotifyMode.DOORBELL_KAFKA, null).build());
        try (Pipeline pipeline = Pipeline.start(spec)) {
            List<SledSimulator> sleds = List.of(pipeline.startSled(UUID.randomUUID()), pipeline.startSled(UUID.randomUUID()));
            List<UUID> vmms = new ArrayList<>();
            for (SledSimulator sled : sleds) {
                String prefix = "audited-" + sled.sled().id().toString().substring(0, 8) + "-";
                for (int i = 0; i < INSTANCES_PER_SLED; i++) {
                    UUID instance = pipeline.control().createInstance(prefix + i + suffix);
                    vmms.add(pipeline.control().start(instance, sled.sled().id()).vmmId());
                }
            }
            String url = pipeline.reconciler().baseUrl();

            // every VMM reaches running on its sled and in the database: the audit passes
            AtomicReference<AuditRun> last = new AtomicReference<>();
            // the sleds first: a VMM still starting can move on between an audit and a look at its sled
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(sleds).allSatisfy(s -> assertThat(s.sled().states().values())
                        .allSatisfy(state -> assertThat(state.vmmState().state().wireName()).isEqualTo("running")));
                last.set(AuditRun.of("--reconciler-url", url, "--grace", "PT0S", "--json"));
                JsonNode report = Json.mapper().readTree(last.get().out());
                assertThat(report.path("in_sync").asLong()).as("%s", last.get()).isEqualTo(vmms.size());
            });
            AuditRun inSync = AuditRun.of("--reconciler-url", url);
            assertThat(inSync.exitCode()).as("%s", inSync).isZero();
            assertThat(inSync.out()).as("%s", inSync).startsWith("audit: consistent: " + vmms.size() + " VMMs checked on 2 sleds, "
                    + vmms.size() + " in sync, 0 behind, 0 gone, 0 in conflict; 0 diverged");
            assertThat(inSync.err()).isEmpty();

            // the fetcher stops: a crash on the sled rings, but nobody pulls the new state
            pipeline.stopFetcher(pipeline.fetcher());
            SledSimulator sled = sleds.getFirst();
            UUID crashed = vmms.getFirst();
            long gen = sled.sled().state(crashed).orElseThrow().vmmState().gen();
            sled.sled().fault(crashed, "propolis_crashed");

            AuditRun pending = AuditRun.of("--reconciler-url", url, "--grace", "PT60S");
            assertThat(pending.exitCode()).as("within the grace: %s", pending).isZero();
            assertThat(pending.out()).contains("1 behind").contains("0 diverged")
                    .contains("pending  behind   vmm " + crashed + "  sled " + sled.sled().id() + "  database running gen " + gen
                            + "  sled failed gen " + (gen + 1) + "  behind for ");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                last.set(AuditRun.of("--reconciler-url", url, "--grace", "PT0.5S"));
                assertThat(last.get().exitCode()).as("%s", last.get()).isEqualTo(1);
            });
            AuditRun diverged = last.get();
            assertThat(diverged.out().lines().toList()).as("%s", diverged).hasSize(2);
            assertThat(diverged.out()).startsWith("audit: DIVERGED: " + vmms.size() + " VMMs checked on 2 sleds, " + (vmms.size() - 1)
                    + " in sync, 1 behind, 0 gone, 0 in conflict; 1 diverged beyond the 0.5 s grace; 0 sleds unreachable")
                    .contains("DIVERGED behind   vmm " + crashed + "  sled " + sled.sled().id() + "  database running gen " + gen
                            + "  sled failed gen " + (gen + 1));

            // without the reconciler there is no database to audit
            pipeline.stopReconciler();
            AuditRun noReconciler = AuditRun.of("--reconciler-url", url);
            assertThat(noReconciler.exitCode()).as("%s", noReconciler).isEqualTo(2);
            assertThat(noReconciler.errLines()).as("%s", noReconciler).hasSize(1).first().asString()
                    .startsWith("doorbell: audit: cannot reach the reconciler at " + url);
        }
    }

    /** A fresh database next to the server's default one, for the reconciler to migrate. */
    private static Database.Config freshDatabase(PostgresServer postgres) throws Exception {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + name;
        return new Database.Config(url, postgres.user(), postgres.password(), 4, Duration.ofSeconds(2));
    }
}
