package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.servers.KafkaBroker;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.KafkaNodes;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 1: a Kafka broker process is killed with {@code SIGKILL} in the middle of a storm and
 * started again on the same log directory. With one broker everything stops meanwhile: the sleds'
 * publishers hold their rings, the fetcher and the reconciler wait. With three brokers (topics and
 * the fetcher's changelog replicated three times) the node leading the doorbells' first partition is
 * killed and the pipeline must keep applying observations while it is down. Each test has a
 * cluster of its own, so the shared broker of the other tests is never touched.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class BrokerKilledTest {

    private static final int VMMS_PER_SLED = 100;
    private static final double CHANGES_PER_SECOND_PER_SLED = 30;
    /** The outage lasts while the sleds make this many changes (about 10 s of the storm). */
    private static final int CHANGES_WHILE_DOWN = 900;
    private static final String APPLIED = ApplierMetrics.APPLIED;

    @Test
    void theOnlyBrokerKilledMidStormAndRestartedLosesNothing(@KafkaNodes(dedicated = true) KafkaCluster kafka,
                                                            RegistryServer registry, PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.start(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults());
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            pipeline.awaitFlowing(storm.initialVmms());
            KafkaBroker broker = kafka.broker(1);

            broker.kill();
            long changesAtKill = pipeline.stateChanges();
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.stateChanges() >= changesAtKill + CHANGES_WHILE_DOWN);
            assertThat(broker.isRunning()).as("broker still down").isFalse();
            broker.start();
            Instant restarted = Instant.now();

            ScenarioOutcome.settle(pipeline, storm, restarted, "1 Kafka broker killed",
                    "SIGKILL of the only broker mid-storm, " + CHANGES_WHILE_DOWN + " changes while down, restart");
        }
    }

    @Test
    void aLeaderOfThreeKilledMidStormTheRestKeepGoing(@KafkaNodes(value = 3, dedicated = true) KafkaCluster kafka,
                                                     RegistryServer registry, PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.start(ChaosServers.of(kafka, registry, postgres),
                ChaosOptions.defaults().withReplicationFactor((short) 3));
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED)) {
            pipeline.awaitFlowing(storm.initialVmms());
            KafkaBroker leader = kafka.broker(leaderOf(kafka, pipeline.topics().doorbells()));

            leader.kill();
            double appliedAtKill = Meters.count(pipeline.reconciler().meters(), APPLIED);
            long changesAtKill = pipeline.stateChanges();
            // the two survivors carry the pipeline: observations keep reaching the database
            await().atMost(Duration.ofSeconds(90)).until(() -> pipeline.stateChanges() >= changesAtKill + CHANGES_WHILE_DOWN
                    && Meters.count(pipeline.reconciler().meters(), APPLIED) >= appliedAtKill + CHANGES_WHILE_DOWN / 2.0);
            assertThat(leader.isRunning()).as("killed node still down").isFalse();
            leader.start();
            Instant restarted = Instant.now();

            ScenarioOutcome.settle(pipeline, storm, restarted, "1b Kafka leader killed (3 brokers)",
                    "SIGKILL of the doorbells' partition-0 leader of 3, pipeline kept applying, restart");
        }
    }

    private static int leaderOf(KafkaCluster kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().getFirst().leader().id();
        }
    }
}
