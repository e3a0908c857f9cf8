package dev.doorbell.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.doorbell.kafka.TopicRange;
import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.observation.ObservationProducerConfig;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.reconciler.apply.ApplierMetrics;
import dev.doorbell.registry.RegistryConfig;
import dev.doorbell.registry.SchemaRegistryClient;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.testkit.KafkaCluster;
import dev.doorbell.testkit.KafkaExtension;
import dev.doorbell.testkit.PostgresExtension;
import dev.doorbell.testkit.PostgresServer;
import dev.doorbell.testkit.RegistryExtension;
import dev.doorbell.testkit.RegistryServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 7: in the middle of a storm, {@code vmm.states} receives again, in reverse order and
 * twice each, every observation it has carried so far (duplicates, reordering, and states older
 * than the ones applied), plus forged stale observations that claim to be newer than anything: an
 * old generation of each VMM, {@code destroyed}, observed an hour from now. The generation guard
 * must let none of them move a VMM backwards, and the storm must still reach the database in full.
 */
@Tag("chaos")
@ExtendWith({KafkaExtension.class, RegistryExtension.class, PostgresExtension.class})
class ReplayedObservationsTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private static final int VMMS_PER_SLED = 100;
    private static final double CHANGES_PER_SECOND_PER_SLED = 30;
    private static final int CHANGES_AFTER = 900;
    private static final String STALE = ApplierMetrics.STALE;

    @Test
    void duplicatedReorderedAndStaleObservationsMoveNoVmmBackwards(KafkaCluster kafka, RegistryServer registry,
                                                                   PostgresServer postgres) throws Exception {
        try (ChaosPipeline pipeline = ChaosPipeline.start(ChaosServers.of(kafka, registry, postgres), ChaosOptions.defaults());
             Storm storm = Storm.start(pipeline, VMMS_PER_SLED, CHANGES_PER_SECOND_PER_SLED);
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), new ByteArraySerializer(),
                     new ByteArraySerializer());
             SchemaRegistryClient registryClient = new SchemaRegistryClient(RegistryConfig.of(registry.ccompatUrl()));
             ObservationPublisher forger = new ObservationPublisher(new ObservationProducerConfig(kafka.bootstrapServers(),
                     pipeline.topics().states(), "chaos-forger", Map.of()), registryClient, false)) {
            pipeline.awaitFlowing(storm.initialVmms());
            double staleBefore = Meters.count(pipeline.reconciler().meters(), STALE);

            List<ConsumerRecord<byte[], byte[]>> carried = TopicRange.readAll(kafka.bootstrapServers(), pipeline.topics().states(), READ_TIMEOUT);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : carried.reversed()) {
                for (int copy = 0; copy < 2; copy++) {
                    sent.add(raw.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value())));
                }
            }
            List<CompletableFuture<Void>> forged = new ArrayList<>();
            for (ChaosSled sled : pipeline.sleds()) {
                for (UUID vmm : sled.vmms()) {
                    // only where generation 1 is already in the past: the sled never says two things with one generation
                    if (sled.state(vmm).map(s -> s.vmmState().gen() >= 2).orElse(false)) {
                        forged.add(forger.publish(staleButDatedLater(vmm, sled.id())).toCompletableFuture());
                    }
                }
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            CompletableFuture.allOf(forged.toArray(CompletableFuture[]::new)).get();

            // the pipeline goes on past the injected records
            long changesAtInjection = pipeline.stateChanges();
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.stateChanges() >= changesAtInjection + CHANGES_AFTER
                    && Meters.count(pipeline.reconciler().meters(), STALE) >= staleBefore + carried.size());
            Instant stormEnds = Instant.now();

            ScenarioOutcome.settle(pipeline, storm, stormEnds, "7 duplicated, reordered, stale observations",
                    carried.size() + " observations replayed reversed and twice, " + forged.size()
                            + " forged stale ones dated 1 h ahead");
            assertThat(Meters.count(pipeline.reconciler().meters(), STALE) - staleBefore)
                    .as("observations the generation guard turned away").isGreaterThanOrEqualTo(carried.size());
        }
    }

    /** Generation 1, destroyed, observed an hour from now: older than any state a VMM reached after its creation. */
    private static VmmStateObservation staleButDatedLater(UUID vmm, UUID sled) {
        Instant later = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        ObservationHeader header = new ObservationHeader(vmm, sled, later, ApiVersion.V2, ObservationSource.fetch, 1,
                Optional.empty());
        return ObservationMapping.observed(header, new SledVmmState(new VmmRuntimeState(VmmState.DESTROYED, 1, later, null)));
    }
}
