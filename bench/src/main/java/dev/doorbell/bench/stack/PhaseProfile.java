package dev.doorbell.bench.stack;

import java.util.Objects;

/**
 * Where a phase's work went inside the bench JVM: CPU per kind of thread and the Kafka clients'
 * requests and records.
 *
 * @param threads CPU time per kind of thread
 * @param kafka   requests, fetches, commits, heartbeats per client and records sent per client and topic
 * @param roles   names the clients' roles and shows topic names
 */
public record PhaseProfile(ThreadCpu threads, KafkaTraffic.Snapshot kafka, KafkaClientRoles roles) {
    public PhaseProfile {
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(roles, "roles");
    }
}
