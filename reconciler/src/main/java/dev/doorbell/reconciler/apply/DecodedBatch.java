package dev.doorbell.reconciler.apply;

import dev.doorbell.serde.RegistryUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One poll's records read into observations (in consumption order), records to skip and records
 * to dead-letter.
 */
record DecodedBatch(List<Observation> observations, List<String> skipped, List<Rejection> rejected) {

    record Rejection(ConsumerRecord<byte[], byte[]> record, ObservationReading.Rejected reading) {}

    /** @throws RegistryUnavailableException when a schema cannot be fetched now: retry the whole batch later */
    static DecodedBatch read(ObservationReader reader, List<ConsumerRecord<byte[], byte[]>> records) {
        List<Observation> observations = new ArrayList<>(records.size());
        List<String> skipped = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            switch (reader.read(record.topic(), record.value())) {
                case ObservationReading.Read read -> observations.add(read.observation());
                case ObservationReading.Skipped skip -> skipped.add(skip.reason());
                case ObservationReading.Rejected reject -> rejected.add(new Rejection(record, reject));
            }
        }
        return new DecodedBatch(observations, skipped, rejected);
    }
}
