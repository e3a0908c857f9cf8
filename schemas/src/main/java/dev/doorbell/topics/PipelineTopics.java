package dev.doorbell.topics;

import dev.doorbell.model.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The names of the pipeline's topics, and their creation with the right cleanup policies:
 * doorbells, observations and dead letters are deleted by retention (observations kept long
 * enough to rebuild the database by replay: forever by default), the directory topics
 * ({@code vmm.placements}, {@code sleds}) are compacted.
 */
public record PipelineTopics(String doorbells, String doorbellsDlq, String states, String statesDlq, String placements,
                             String sleds) {

    public PipelineTopics {
        Objects.requireNonNull(doorbells);
        Objects.requireNonNull(doorbellsDlq);
        Objects.requireNonNull(states);
        Objects.requireNonNull(statesDlq);
        Objects.requireNonNull(placements);
        Objects.requireNonNull(sleds);
    }

    public static PipelineTopics defaults() {
        return new PipelineTopics(Topics.DOORBELLS, Topics.DOORBELLS_DLQ, Topics.STATES, Topics.STATES_DLQ, Topics.PLACEMENTS,
                Topics.SLEDS);
    }

    /** Every default name with {@code suffix} appended: isolated topics for one test. */
    public static PipelineTopics suffixed(String suffix) {
        PipelineTopics d = defaults();
        return new PipelineTopics(d.doorbells + suffix, d.doorbellsDlq + suffix, d.states + suffix, d.statesDlq + suffix,
                d.placements + suffix, d.sleds + suffix);
    }

    /** Creates whichever of the topics do not exist yet; existing ones are left as they are. */
    public void ensure(Admin admin, int partitions, short replicationFactor) throws InterruptedException, ExecutionException {
        Map<String, String> delete = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        Map<String, String> keepForever = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1");
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(doorbells, partitions, replicationFactor).configs(delete));
        wanted.add(new NewTopic(doorbellsDlq, 1, replicationFactor).configs(keepForever));
        wanted.add(new NewTopic(states, partitions, replicationFactor).configs(keepForever));
        wanted.add(new NewTopic(statesDlq, 1, replicationFactor).configs(keepForever));
        wanted.add(new NewTopic(placements, partitions, replicationFactor).configs(compact));
        wanted.add(new NewTopic(sleds, 1, replicationFactor).configs(compact));
        var existing = admin.listTopics().names().get();
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
