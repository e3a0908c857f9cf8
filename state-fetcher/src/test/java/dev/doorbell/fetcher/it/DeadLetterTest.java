package dev.doorbell.fetcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.fetcher.DeadLetters;
import dev.doorbell.fetcher.FetchPolicy;
import dev.doorbell.fetcher.FetcherConfig;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import dev.doorbell.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad doorbells end-to-end: a key that is not a UUID, a null key, and a VMM whose placement never
 * arrives go to the dead-letter topic with their reason and origin; a VMM placed just after its
 * first ring is fetched, not dead-lettered; and the stream goes on.
 */
@Tag("servers")
@ExtendWith({KafkaExtension.class, RegistryExtension.class})
class DeadLetterTest {

    /**
     * How long a ring waits for its VMM's placement. The late placement is published right after its
     * ring, but on a loaded machine the fetcher's global store can take seconds to show it: 3 s made
     * the late VMM a dead letter there (CI, 2026-12-05).
     */
    private static final Duration PLACEMENT_WAIT = Duration.ofSeconds(10);

    @Test
    void badDoorbellsAreDeadLetteredWithReasonAndOriginAndTheStreamGoesOn(
            KafkaCluster kafka, RegistryServer registry, @TempDir Path stateDir) {
        try (FetcherTestBed bed = FetcherTestBed.create(kafka, registry, 3)) {
            SledSimulator sled = bed.startRegisteredSled(Set.copyOf(ApiVersion.KNOWN));
            FetcherConfig base = bed.fetcherConfig(stateDir);
            FetchPolicy d = FetchPolicy.defaults();
            bed.startFetcher(base.withSettings(base.settings().withPolicy(new FetchPolicy(d.minRefetchInterval(),
                    d.initialBackoff(), d.maxBackoff(), d.giveUpAfter(), PLACEMENT_WAIT))));

            RecordMetadata notAUuid = bed.ring("not-a-uuid".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
            RecordMetadata nullKey = bed.ring(null, new RecordHeaders());
            UUID unknown = UUID.randomUUID();
            RecordMetadata unknownRing = bed.ring(bytes(unknown.toString()), new RecordHeaders());
            UUID placedLate = UUID.randomUUID();
            bed.ring(bytes(placedLate.toString()), new RecordHeaders());
            sled.sled().ensure(placedLate, EnsureRequest.of(UUID.randomUUID()));
            bed.place(List.of(placedLate), sled.config().sledId()); // just after its ring: within the wait
            List<UUID> afterTheBadOnes = bed.runningVmms(sled, 1);
            bed.ring(afterTheBadOnes);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(bed.lastObservationOf(afterTheBadOnes.get(0))).isPresent();
                assertThat(bed.lastObservationOf(placedLate)).isPresent();
                assertThat(bed.deadLetters()).hasSize(3);
            });

            List<ConsumerRecord<byte[], byte[]>> dead = bed.deadLetters();
            assertDeadLetter(find(dead, DeadLetters.INVALID_KEY), bed, notAUuid);
            assertThat(find(dead, DeadLetters.INVALID_KEY).key()).asString(StandardCharsets.UTF_8).isEqualTo("not-a-uuid");
            assertDeadLetter(find(dead, DeadLetters.NULL_KEY), bed, nullKey);
            assertThat(find(dead, DeadLetters.NULL_KEY).key()).isNull();
            assertDeadLetter(find(dead, DeadLetters.UNKNOWN_VMM), bed, unknownRing);
            assertThat(find(dead, DeadLetters.UNKNOWN_VMM).key()).asString(StandardCharsets.UTF_8).isEqualTo(unknown.toString());
            assertThat(bed.observationsOf(unknown)).isEmpty();
        }
    }

    private static ConsumerRecord<byte[], byte[]> find(List<ConsumerRecord<byte[], byte[]>> dead, String reason) {
        return dead.stream().filter(r -> reason.equals(header(r, DeadLetterHeaders.REASON))).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter with reason " + reason + " among " + dead.size()));
    }

    private static void assertDeadLetter(ConsumerRecord<byte[], byte[]> record, FetcherTestBed bed, RecordMetadata origin) {
        assertThat(header(record, DeadLetterHeaders.TOPIC)).isEqualTo(bed.topics().doorbells());
        assertThat(header(record, DeadLetterHeaders.PARTITION)).isEqualTo(Integer.toString(origin.partition()));
        assertThat(header(record, DeadLetterHeaders.OFFSET)).isEqualTo(Long.toString(origin.offset()));
        assertThat(header(record, DeadLetterHeaders.DETAIL)).isNotBlank();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
