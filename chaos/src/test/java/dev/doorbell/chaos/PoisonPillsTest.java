package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.kafka.TopicRange;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.DeadLetterHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 6: in the middle of a storm, records no sled would write land on {@code vmm.doorbells}
 * (keys that are no VMM id, a null key, a real VMM's id in upper case — another spelling would be
 * partitioned apart from the VMM's own rings; a garbage value and headers on a real VMM's doorbell,
 * which is still just a ring) and on {@code vmm.states} (garbage, a truncated frame, unknown schema ids, a
 * known id over an undecodable body, with bad or null keys; a tombstone, which is skipped). Each
 * pill must reach its dead-letter topic exactly once, with the reason and its origin in headers;
 * nothing else may; and the storm must still reach the database in full.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class PoisonPillsTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static final int VMMS_PER_SLED = 100;
    private static final double CHANGES_PER_SECOND_PER_SLED = 30;
    private static final int CHANGES_AFTER = 900;
    private static final String APPLIED = ApplierMetrics.APPLIED;

    /** A record to inject, and the dead-letter reason it must get ({@code null}: it must not be dead-lettered). */
    private record Pill(String topic, byte[] key, byte[] value, String reason) {}

    /** Where a pill landed. */
    private record Landed(Pill pill, RecordMetadata at) {}

    @Test
    void poisonPillsAreDeadLetteredWithReasonsAndThePipelineGoesOn(KafkaCluster kafka, RegistryServer registry,
                                                                    PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.start(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults());
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED);
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            pipeline.awaitFlowing(storm.initialVmms());
            UUID realVmm = pipeline.sleds().getFirst().vmms().iterator().next();
            List<Pill> pills = pills(pipeline, realVmm);

            List<Landed> landed = new ArrayList<>();
            for (Pill pill : pills) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("rung-at", "yesterday".getBytes(StandardCharsets.UTF_8));
                headers.add("sled-id", "../../etc/passwd".getBytes(StandardCharsets.UTF_8));
                landed.add(new Landed(pill, raw.send(new ProducerRecord<>(pill.topic(), null, pill.key(), pill.value(), headers))
                        .get()));
            }
            // the pipeline goes on: the storm keeps reaching the database past the pills
            long changesAtInjection = pipeline.stateChanges();
            double appliedAtInjection = Meters.count(pipeline.reconciler().meters(), APPLIED);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.stateChanges() >= changesAtInjection + CHANGES_AFTER
                    && Meters.count(pipeline.reconciler().meters(), APPLIED) >= appliedAtInjection + CHANGES_AFTER / 2.0);
            Instant stormEnds = Instant.now();

            ScenarioOutcome.settle(pipeline, storm, stormEnds, "6 poison pills",
                    pills.size() + " bad records on vmm.doorbells and vmm.states mid-storm");

            String doorbells = pipeline.topics().doorbells();
            String states = pipeline.topics().states();
            long doorbellPills = pills.stream().filter(p -> p.topic().equals(doorbells) && p.reason() != null).count();
            long statePills = pills.stream().filter(p -> p.topic().equals(states) && p.reason() != null).count();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(TopicRange.readAll(kafka.bootstrapServers(), pipeline.topics().doorbellsDlq(), READ_TIMEOUT))
                        .as("doorbell dead letters").hasSizeGreaterThanOrEqualTo((int) doorbellPills);
                assertThat(TopicRange.readAll(kafka.bootstrapServers(), pipeline.topics().statesDlq(), READ_TIMEOUT))
                        .as("observation dead letters").hasSizeGreaterThanOrEqualTo((int) statePills);
            });
            List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>(
                    TopicRange.readAll(kafka.bootstrapServers(), pipeline.topics().doorbellsDlq(), READ_TIMEOUT));
            deadLetters.addAll(TopicRange.readAll(kafka.bootstrapServers(), pipeline.topics().statesDlq(), READ_TIMEOUT));

            assertThat(deadLetters).as("dead letters: one per pill, nothing else").hasSize((int) (doorbellPills + statePills));
            assertThat(Meters.count(pipeline.reconciler().meters(), ApplierMetrics.SKIPPED, "reason", "tombstone"))
                    .as("tombstones skipped").isEqualTo(1);
            for (Landed l : landed) {
                List<ConsumerRecord<byte[], byte[]>> mine = deadLetters.stream().filter(d -> cameFrom(d, l.at())).toList();
                if (l.pill().reason() == null) {
                    assertThat(mine).as("dead letters of %s", describe(l.pill())).isEmpty();
                } else {
                    assertThat(mine).as("dead letters of %s", describe(l.pill())).singleElement().satisfies(d -> {
                        assertThat(header(d, DeadLetterHeaders.REASON)).isEqualTo(l.pill().reason());
                        assertThat(header(d, DeadLetterHeaders.DETAIL)).isNotBlank();
                        assertThat(d.key()).isEqualTo(l.pill().key());
                    });
                }
            }
        }
    }

    private static List<Pill> pills(ChaosPipeline pipeline, UUID realVmm) {
        String doorbells = pipeline.topics().doorbells();
        String states = pipeline.topics().states();
        int knownId = pipeline.schemaIds().getLast();
        return List.of(
                new Pill(doorbells, null, null, "null-key"),
                new Pill(doorbells, bytes("not-a-uuid"), null, "invalid-key"),
                new Pill(doorbells, bytes(""), null, "invalid-key"),
                new Pill(doorbells, new byte[] {(byte) 0xff, (byte) 0xfe, 0}, null, "invalid-key"),
                new Pill(doorbells, bytes(UUID.randomUUID() + "0"), null, "invalid-key"),
                new Pill(doorbells, bytes(realVmm.toString().toUpperCase(Locale.ROOT)), null, "invalid-key"),
                new Pill(doorbells, bytes(realVmm.toString()), bytes("{\"state\":\"destroyed\"}"), null),
                new Pill(states, bytes(realVmm.toString()), bytes("{\"vmm_state\":{\"state\":\"destroyed\",\"gen\":999}}"),
                        "unknown-magic-byte"),
                new Pill(states, bytes("not-a-uuid"), new byte[] {0x7f, 1, 2, 3, 4, 5, 6}, "unknown-magic-byte"),
                new Pill(states, null, new byte[] {0, 0}, "truncated-payload"),
                new Pill(states, bytes(realVmm.toString()), frame(999_999, new byte[] {2, 4, 6}), "unknown-schema-id"),
                new Pill(states, null, frame(Integer.MAX_VALUE, new byte[0]), "unknown-schema-id"),
                new Pill(states, bytes(realVmm.toString()), frame(knownId, new byte[] {(byte) 0xff, (byte) 0xff, 1}),
                        "undecodable-body"),
                new Pill(states, bytes(realVmm.toString()), null, null));
    }

    private static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean cameFrom(ConsumerRecord<byte[], byte[]> deadLetter, RecordMetadata at) {
        return at.topic().equals(header(deadLetter, DeadLetterHeaders.TOPIC))
                && Integer.toString(at.partition()).equals(header(deadLetter, DeadLetterHeaders.PARTITION))
                && Long.toString(at.offset()).equals(header(deadLetter, DeadLetterHeaders.OFFSET));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String describe(Pill pill) {
        return pill.topic() + " key " + (pill.key() == null ? "null" : new String(pill.key(), StandardCharsets.UTF_8));
    }
}
