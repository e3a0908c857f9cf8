package dev.doorbell.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The names of the pipeline's topics — the one form every component, tool and test uses — and
 * their creation with the right cleanup policies: doorbells, observations and dead letters are
 * deleted by retention (observations kept long enough to rebuild the database by replay: forever
 * by default), the directory topics ({@code vmm.placements}, {@code sleds}) are compacted. The two
 * topics read at the rate of state changes, doorbells and observations, are indexed densely
 * ({@link #INDEX_INTERVAL_BYTES}).
 *
 * @param doorbells    body-less doorbells, key = VMM id text, value = null ({@code vmm.doorbells})
 * @param doorbellsDlq dead letters of the doorbell stream: original key and value, reason and origin in headers
 * @param states       Avro {@code VmmStateObservation}s, key = VMM id text ({@code vmm.states})
 * @param statesDlq    dead letters of the observation stream
 * @param placements   compacted: key = VMM id text, value = sled id text ({@code vmm.placements})
 * @param sleds        compacted: key = sled id text, value = {@code SledRecord} JSON ({@code sleds})
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

    /**
     * {@code index.interval.bytes} of {@code vmm.doorbells} and {@code vmm.states}: an offset-index
     * entry every 512 bytes of log instead of Kafka's 4,096. A fetch at offset <i>n</i> finds the
     * index entry at or before <i>n</i> and then reads the header of every batch from there to
     * <i>n</i>, a {@code pread} each. A doorbell is a batch of its own of a couple of hundred bytes,
     * and the consumers of both topics read at the log's end, so with Kafka's default every fetch
     * read about ten headers and more; at 512 one to three. Measured at 1,000 changes/s: the broker's
     * read system calls 18,000-19,500 a second before, 8,300 after. The price is index space: 8
     * bytes of offset index and 12 of time index per 512 bytes of log.
     */
    public static final int INDEX_INTERVAL_BYTES = 512;

    private static final PipelineTopics DEFAULTS = new PipelineTopics("vmm.doorbells", "vmm.doorbells.dlq", "vmm.states",
            "vmm.states.dlq", "vmm.placements", "sleds");

    /** The names a deployment uses; tests use {@link #suffixed} ones. */
    public static PipelineTopics defaults() {
        return DEFAULTS;
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
        String denseIndex = Integer.toString(INDEX_INTERVAL_BYTES);
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> wanted = new ArrayList<>();
        wanted.add(new NewTopic(doorbells, partitions, replicationFactor)
                .configs(with(delete, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, denseIndex)));
        wanted.add(new NewTopic(doorbellsDlq, 1, replicationFactor).configs(keepForever));
        wanted.add(new NewTopic(states, partitions, replicationFactor)
                .configs(with(keepForever, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, denseIndex)));
        wanted.add(new NewTopic(statesDlq, 1, replicationFactor).configs(keepForever));
        wanted.add(new NewTopic(placements, partitions, replicationFactor).configs(compact));
        wanted.add(new NewTopic(sleds, 1, replicationFactor).configs(compact));
        var existing = admin.listTopics().names().get();
        List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitServingLeaders(admin, wanted.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
    }

    private static Map<String, String> with(Map<String, String> configs, String key, String value) {
        Map<String, String> more = new HashMap<>(configs);
        more.put(key, value);
        return Map.copyOf(more);
    }

    /**
     * Waits until every partition of {@code topics} has a leader that serves it: the leader is in
     * the broker's metadata <em>and</em> answers a {@code ListOffsets} for the partition, which it
     * does only once it has applied the partition's creation to its own replica state.
     *
     * <p>Why both: producing to a partition the moment it is created can meet
     * NOT_LEADER_OR_FOLLOWER for one request while a later request of the same idempotent producer
     * (several in flight) is accepted; the first then fails with OUT_OF_ORDER_SEQUENCE_NUMBER on
     * every retry until its delivery timeout expires it (KAFKA-15591, seen here with Kafka 4.4: a
     * test's first 150 placements timed out after 120 s). A leader in the metadata alone is not
     * enough (the describe answers from the metadata image, which the broker publishes before its
     * replica manager has made the partition's log); a successful {@code ListOffsets} is.
     */
    static void awaitServingLeaders(Admin admin, List<String> topics, Duration timeout) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (served(admin, topics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " have partitions without a serving leader after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static boolean served(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (TopicDescription d : described.values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.leader() == null || p.leader().isEmpty()) {
                        return false;
                    }
                    partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                }
            }
            admin.listOffsets(partitions).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false; // created, but not yet in this broker's metadata or replica state
            }
            throw e;
        }
    }
}
