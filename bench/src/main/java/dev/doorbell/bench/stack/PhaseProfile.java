package dev.doorbell.bench.stack;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a phase's work went: CPU per kind of thread inside the bench JVM, the Kafka clients' requests
 * and records, and the machine's scheduling (wake-ups and run-queue waits).
 *
 * @param threads    CPU time per kind of thread
 * @param kafka      requests, fetches, commits, heartbeats per client and records sent per client and topic
 * @param roles      names the clients' roles and shows topic names
 * @param scheduling the machine's context switches, time slices and run-queue wait; empty where {@code /proc} lacks them
 */
public record PhaseProfile(ThreadCpu threads, KafkaTraffic.Snapshot kafka, KafkaClientRoles roles, Optional<Scheduling.Work> scheduling) {
    public PhaseProfile {
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(scheduling, "scheduling");
    }

    /** A profile without scheduling figures. */
    public PhaseProfile(ThreadCpu threads, KafkaTraffic.Snapshot kafka, KafkaClientRoles roles) {
        this(threads, kafka, roles, Optional.empty());
    }
}
