package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.servers.Postgres;
import dev.doorbell.servers.PostgresConfig;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 5: the reconciler's PostgreSQL (a server of this test's own) is stopped for 15 s in the
 * middle of a storm and started again on the same data. The reconciler must retry its batch,
 * commit no offsets while the database is away (a committed offset for an unapplied batch would be
 * a lost update), and catch up afterwards.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class PostgresDownTest {

    private static final int VMMS_PER_SLED = 100;
    private static final double CHANGES_PER_SECOND_PER_SLED = 30;
    private static final Duration DOWN = Duration.ofSeconds(15);
    private static final String RETRIES = ApplierMetrics.BATCH_RETRIES;

    @Test
    void postgresDownFor15sCommitsNoOffsetsAndLosesNothing(KafkaCluster kafka, RegistryServer registry) throws Exception {
        var logFile = ChaosReport.buildDirectory().resolve("chaos-postgres-" + UUID.randomUUID()).resolve("postgres.log");
        try (Postgres postgres = Postgres.start(PostgresConfig.forTests(logFile));
             ChaosPipeline pipeline = ChaosPipeline.start(new ChaosServers(kafka.bootstrapServers(), registry.ccompatUrl(),
                     postgres.jdbcUrl(), postgres.user(), postgres.password()), ChaosOptions.defaults());
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            pipeline.awaitFlowing(storm.initialVmms());

            postgres.stop();
            Instant stopped = Instant.now();
            // once the reconciler has met the outage, its committed offsets stand still until the database is back
            await().atMost(Duration.ofSeconds(30)).until(() -> Meters.count(pipeline.reconciler().meters(), RETRIES) > 0);
            Map<TopicPartition, Long> committed = committed(admin, pipeline);
            Duration rest = DOWN.minus(Duration.between(stopped, Instant.now()));
            await().during(rest).atMost(rest.plusSeconds(5)).until(() -> committed(admin, pipeline).equals(committed));
            assertThat(Meters.count(pipeline.reconciler().meters(), RETRIES)).as("batch retries").isGreaterThan(1);
            postgres.start();
            Instant healed = Instant.now();

            ScenarioOutcome.settle(pipeline, storm, healed, "5 PostgreSQL down",
                    "database stopped " + DOWN.toSeconds() + " s; no offsets committed meanwhile");
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, ChaosPipeline pipeline) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(pipeline.reconcilerGroup())
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(pipeline.topics().states()))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
