package dev.doorbell.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.assembly.Pipeline;
import dev.doorbell.assembly.PipelineSpec;
import dev.doorbell.assembly.Servers;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.db.TestDatabases;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconcilers and state fetchers as processes of their own on real servers: the status names which process owns
 * which partitions, a process that is SIGKILLed is reported and restarted, and the fleet stops every process.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class FleetTest {

    private static final int PARTITIONS = 4;

    @Test
    void twoReconcilersAndTwoFetchersSplitThePartitionsAndAKilledOneIsRestarted(KafkaCluster kafka, RegistryServer registry,
            PostgresServer postgres, @TempDir Path dir) throws Exception {
        Database.Config database = TestDatabases.createEmpty(postgres.jdbcUrl(), postgres.user(), postgres.password());
        Servers servers = new Servers(kafka.bootstrapServers(), registry.ccompatUrl(), database);
        FleetComponents components = FleetComponents.of(servers, dir.resolve("logs")).named("-" + UUID.randomUUID().toString().substring(0, 8));
        List<ComponentProcess> all = new ArrayList<>();
        try (Pipeline topics = Pipeline.start(PipelineSpec.on(servers).withTopics(components.topics(), PARTITIONS, (short) 1));
             Fleet fleet = new Fleet(JvmLauncher.current(), Duration.ofSeconds(120), true, Clock.systemUTC());
             FleetStatus status = new FleetStatus(fleet, kafka.bootstrapServers(), components.fetcherApplicationId(),
                     components.reconcilerGroup(), components.topics())) {
            all.add(fleet.start(components.reconciler(1, 0, "--no-sweep")));
            all.addAll(fleet.startAll(List.of(components.reconciler(2, 0, "--no-sweep"),
                    components.fetcher(1, dir.resolve("f1")), components.fetcher(2, dir.resolve("f2")))));

            await("each process owns some partitions").atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                String split = FleetStatus.split(status.sample());
                assertThat(split).contains("fetcher-1 " + components.topics().doorbells(), "fetcher-2 " + components.topics().doorbells(),
                        "reconciler-1 " + components.topics().states(), "reconciler-2 " + components.topics().states());
            });

            ComponentProcess victim = fleet.component("fetcher-2").orElseThrow();
            victim.kill(); // not through the fleet: an unexpected death
            await("the death reported and the process restarted").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                assertThat(fleet.component("fetcher-2").orElseThrow().isAlive()).isTrue();
                assertThat(fleet.component("fetcher-2").orElseThrow().pid()).isNotEqualTo(victim.pid());
            });
            List<String> notices = fleet.drainNotices();
            assertThat(notices).anyMatch(n -> n.contains("fetcher-2 (pid " + victim.pid() + ") died, exit 137"));
            assertThat(notices).anyMatch(n -> n.startsWith("fetcher-2 restarted"));
            assertThat(status.sample().down()).isEmpty();

            fleet.kill("reconciler-2"); // on purpose: stays dead, is not reported
            assertThat(status.sample().down()).containsExactly("reconciler-2");
            all.addAll(fleet.components());
        }
        assertThat(all).noneMatch(ComponentProcess::isAlive);
    }
}
