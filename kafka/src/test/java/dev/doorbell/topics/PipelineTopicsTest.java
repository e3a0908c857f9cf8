package dev.doorbell.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The topics {@link PipelineTopics#ensure} creates on a real broker, with the configs each is created with. */
@Tag("servers")
@ExtendWith(KafkaExtension.class)
class PipelineTopicsTest {

    @Test
    void createsEveryTopicWithItsCleanupPolicyAndIndexesTheTwoReadAtTheRateOfChangesDensely(KafkaCluster kafka) throws Exception {
        PipelineTopics topics = PipelineTopics.suffixed("-" + UUID.randomUUID());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            topics.ensure(admin, 2, (short) 1);
            topics.ensure(admin, 2, (short) 1); // a second start finds them and leaves them as they are

            Map<String, Config> configs = describe(admin, List.of(topics.doorbells(), topics.doorbellsDlq(), topics.states(),
                    topics.statesDlq(), topics.placements(), topics.sleds()));
            assertThat(value(configs, topics.doorbells(), TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("delete");
            assertThat(value(configs, topics.states(), TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("-1");
            assertThat(value(configs, topics.placements(), TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
            assertThat(value(configs, topics.sleds(), TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("compact");
            for (String dense : List.of(topics.doorbells(), topics.states())) {
                assertThat(value(configs, dense, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG)).as(dense)
                        .isEqualTo(Integer.toString(PipelineTopics.INDEX_INTERVAL_BYTES));
            }
            for (String sparse : List.of(topics.doorbellsDlq(), topics.statesDlq(), topics.placements(), topics.sleds())) {
                assertThat(value(configs, sparse, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG)).as("%s: the broker's default", sparse)
                        .isEqualTo("4096");
            }
        }
    }

    private static Map<String, Config> describe(Admin admin, List<String> names) throws Exception {
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        return admin.describeConfigs(resources).all().get().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    }

    private static String value(Map<String, Config> configs, String topic, String key) {
        return configs.get(topic).get(key).value();
    }
}
