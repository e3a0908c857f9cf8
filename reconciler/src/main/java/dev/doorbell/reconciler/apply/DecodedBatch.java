package dev.doorbell.reconciler.apply;

import dev.doorbell.serde.RegistryUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * One poll's records read into observations (in consumption order), records to skip and records
 * to dead-letter. {@code sources.get(i)} is the record {@code observations.get(i)} was read from, and
 * {@code firstRungAt.get(i)} when the first of the doorbells that caused it rang.
 */
record DecodedBatch(List<Observation> observations, List<ConsumerRecord<byte[], byte[]>> sources, List<Optional<Instant>> firstRungAt,
                    List<String> skipped, List<Rejection> rejected) {

    record Rejection(ConsumerRecord<byte[], byte[]> record, ObservationReading.Rejected reading) {}

    /** @throws RegistryUnavailableException when a schema cannot be fetched now: retry the whole batch later */
    static DecodedBatch read(ObservationReader reader, List<ConsumerRecord<byte[], byte[]>> records) {
        List<Observation> observations = new ArrayList<>(records.size());
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(records.size());
        List<Optional<Instant>> firstRungAt = new ArrayList<>(records.size());
        List<String> skipped = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            switch (reader.read(record.topic(), record.value())) {
                case ObservationReading.Read read -> {
                    observations.add(read.observation());
                    sources.add(record);
                    firstRungAt.add(read.firstRungAt());
                }
                case ObservationReading.Skipped skip -> skipped.add(skip.reason());
                case ObservationReading.Rejected reject -> rejected.add(new Rejection(record, reject));
            }
        }
        return new DecodedBatch(observations, sources, firstRungAt, skipped, rejected);
    }

    /** When each observation's producer handed its record over: the record's timestamp, if it has one. */
    List<Optional<Instant>> publishedAt() {
        List<Optional<Instant>> out = new ArrayList<>(sources.size());
        for (ConsumerRecord<byte[], byte[]> source : sources) {
            boolean stamped = source.timestampType() != TimestampType.NO_TIMESTAMP_TYPE && source.timestamp() >= 0;
            out.add(stamped ? Optional.of(Instant.ofEpochMilli(source.timestamp())) : Optional.empty());
        }
        return out;
    }
}
