package dev.doorbell.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.cli.replay.RecordDecoder;
import dev.doorbell.cli.replay.ReplayClientConfig;
import dev.doorbell.cli.replay.ReplayedRecord;
import dev.doorbell.cli.replay.ReplayedValue;
import dev.doorbell.cli.replay.VmmPartition;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link VmmTopicTail} against a real broker: the two topics are scanned side by side (the second on a thread of its
 * own), so what either scan finds, or fails with, must reach the one {@link TopicsView} it returns. The topics here hold
 * text (their names do not start with {@code vmm.}), so no registry is needed.
 */
@Tag("servers")
@ExtendWith(KafkaExtension.class)
class VmmTopicTailTest {

    private static final int PARTITIONS = 3;

    @Test
    void findsTheVmmsNewestRecordOnOneTopicAndItsNewestRingsOnTheOther(KafkaCluster kafka) throws Exception {
        String states = "tail-states-" + UUID.randomUUID();
        String doorbells = "tail-doorbells-" + UUID.randomUUID();
        UUID vmm = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        createTopics(kafka, states, doorbells);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            for (int i = 1; i <= 3; i++) {
                send(producer, states, vmm, "state " + i);
                send(producer, states, other, "other state " + i);
                send(producer, doorbells, vmm, "ring " + i);
                send(producer, doorbells, other, "other ring " + i);
            }
        }

        TopicsView view = tail(kafka).read(vmm, states, doorbells, 2);

        assertThat(view).isInstanceOfSatisfying(TopicsView.Read.class, read -> {
            assertThat(read.statesPartition()).isEqualTo(VmmPartition.of(vmm, PARTITIONS));
            assertThat(read.doorbellsPartition()).isEqualTo(VmmPartition.of(vmm, PARTITIONS));
            assertThat(read.newestObservation()).map(ReplayedRecord::value).contains(new ReplayedValue.Text("state 3"));
            assertThat(read.rings()).extracting(ReplayedRecord::value)
                    .containsExactly(new ReplayedValue.Text("ring 3"), new ReplayedValue.Text("ring 2"));
            assertThat(read.scanned()).as("both partitions' records were read").isGreaterThanOrEqualTo(6);
        });
    }

    @Test
    void aMissingTopicOnEitherSideMakesTheTopicsUnreadableInOneSentence(KafkaCluster kafka) throws Exception {
        String states = "tail-states-" + UUID.randomUUID();
        String missing = "tail-missing-" + UUID.randomUUID();
        createTopics(kafka, states);
        UUID vmm = UUID.randomUUID();
        VmmTopicTail tail = tail(kafka);

        // the doorbells' scan runs on its own thread: its failure comes back through the join
        assertThat(tail.read(vmm, states, missing, 2)).isEqualTo(
                new TopicsView.Unreadable("no such topic: '" + missing + "' on " + kafka.bootstrapServers()));
        // the states' scan fails on the caller's thread while the doorbells' runs: that one is cancelled
        assertThat(tail.read(vmm, missing, states, 2)).isEqualTo(
                new TopicsView.Unreadable("no such topic: '" + missing + "' on " + kafka.bootstrapServers()));
    }

    private static VmmTopicTail tail(KafkaCluster kafka) {
        RecordDecoder decoder = new RecordDecoder((topic, bytes) -> {
            throw new AssertionError("no observation is decoded from a text topic");
        }, "no registry");
        return new VmmTopicTail(ReplayClientConfig.of(kafka.bootstrapServers()), decoder, InspectCollector.MAX_SCAN);
    }

    private static void createTopics(KafkaCluster kafka, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(names).stream().map(n -> new NewTopic(n, PARTITIONS, (short) 1)).toList()).all().get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaCluster kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 0),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, UUID vmm, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, VmmPartition.key(vmm), value.getBytes(StandardCharsets.UTF_8))).get();
    }
}
