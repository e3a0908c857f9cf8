package dev.doorbell.bench.report;

import dev.doorbell.bench.stack.KafkaTraffic;
import dev.doorbell.bench.stack.PhaseCost;
import dev.doorbell.bench.stack.PhaseProfile;
import dev.doorbell.bench.stack.ThreadCpu;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profile tables of a report ({@link PhaseProfile}): the Kafka clients' requests per state
 * change by client role, records per state change by topic, and the busiest threads' CPU per change;
 * the same per second at rest. Phases without a profile are left out; no table when none has one.
 */
public final class ProfileTables {

    /** How many threads each phase's table lists. */
    public static final int TOP_THREADS = 12;

    /** How the figures are obtained, as the report states it. */
    public static final String METHOD = """
            Kafka figures: the JMX metrics every Kafka client of the bench JVM registers, read before and after each phase: \
            requests is `request-total` of the client (every request it sent: produce, fetch, offset commit, heartbeat, \
            metadata, ...), fetches `fetch-total` (consumer-fetch-manager-metrics), commits and heartbeats `commit-total` and \
            `heartbeat-total` (consumer-coordinator-metrics), records `record-send-total` per topic \
            (producer-topic-metrics); "rest" is requests minus fetches, commits and heartbeats (for a producer: its produce \
            requests, plus metadata and the like). Clients are grouped by role from their client ids (Kafka Streams names \
            the fetcher's `<application.id>-<uuid>-StreamThread-N-consumer|producer|restore-consumer`); the broker and \
            registry processes are not in these figures, only the clients in the bench JVM. Topic names are shown without the \
            run's suffix; the fetcher's changelog is `bench-fetcher-pending-fetches-changelog`. Threads: the per-thread CPU \
            time behind the components' figures, per thread name with its numbers collapsed (`#`; UUIDs and ids as `*`), so \
            a pool's threads add up; threads outside the groups (GC, JIT compiler) are not listed. Scheduling: the whole \
            machine's, read from Linux's /proc before and after each phase (the stack is all that runs): context switches \
            from /proc/stat's `ctxt`, and per task (every thread of every process) from /proc/<pid>/task/<tid>/schedstat \
            the time slices it ran and the time it waited, runnable, for a CPU; a task that ended inside the phase loses its \
            part. Every hand-off of a change between threads or processes is a wake-up, and on a busy machine a wake-up can \
            wait for a core: the table counts both per state change.""";

    private ProfileTables() {}

    /** @return the tables for {@code phases}, empty if none has a profile */
    public static List<Table> forPhases(List<PhaseResult> phases) {
        List<List<Object>> requests = new ArrayList<>();
        List<List<Object>> records = new ArrayList<>();
        List<List<Object>> threads = new ArrayList<>();
        List<List<Object>> scheduling = new ArrayList<>();
        for (PhaseResult p : phases) {
            Optional<PhaseProfile> profile = p.cost().profile();
            if (profile.isEmpty()) {
                continue;
            }
            String mode = p.mode().wireName();
            double made = p.made();
            KafkaTraffic.Snapshot kafka = profile.get().kafka();
            Map<String, KafkaTraffic.Counts> byRole = kafka.byRole(profile.get().roles());
            KafkaTraffic.Counts all = KafkaTraffic.Counts.ZERO;
            for (Map.Entry<String, KafkaTraffic.Counts> e : byRole.entrySet()) {
                if (e.getValue().requests() > 0) {
                    requests.add(countsRow(mode, p.label(), e.getKey(), e.getValue(), made));
                }
                all = all.plus(e.getValue());
            }
            requests.add(countsRow(mode, p.label(), "all clients", all, made));
            long rings = p.cost().counters().ringsConsumed();
            kafka.recordsByTopic(profile.get().roles()).forEach((key, n) -> {
                if (n > 0) {
                    records.add(Arrays.asList(mode, p.label(), key.topic(), key.role(), Math.round(n), PhaseCost.perChange(n, p.made()),
                            PhaseCost.perChange(n, rings)));
                }
            });
            int rank = 1;
            for (ThreadCpu.Entry t : profile.get().threads().top(TOP_THREADS)) {
                threads.add(Arrays.asList(mode, p.label(), rank++, t.name().thread(), t.name().component().wireName(),
                        PhaseCost.perChange(t.millis(), p.made())));
            }
            profile.get().scheduling().ifPresent(s -> scheduling.add(Arrays.asList(mode, p.label(),
                    PhaseCost.perChange(s.contextSwitches(), p.made()), PhaseCost.perChange(s.timeslices(), p.made()),
                    PhaseCost.perChange(s.runQueueWaitNanos() / 1e6, p.made()), s.meanWaitMicros())));
        }
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Table> tables = new ArrayList<>(List.of(
                new Table("kafka_requests_per_change", "Kafka requests per state change, by client",
                        List.of("mode", "phase", "client", "requests / change", "fetches / change", "commits / change",
                                "heartbeats / change", "rest / change"), requests),
                new Table("kafka_records_per_change", "Kafka records per state change, by topic",
                        List.of("mode", "phase", "topic", "producer", "records", "records / change", "records / ring consumed"), records),
                new Table("thread_cpu_per_change", "Busiest threads: CPU ms per state change (top " + TOP_THREADS + " per phase)",
                        List.of("mode", "phase", "rank", "thread", "component", "CPU ms / change"), threads)));
        if (!scheduling.isEmpty()) {
            tables.add(new Table("scheduling_per_change", "Scheduling per state change, whole machine",
                    List.of("mode", "phase", "context switches / change", "time slices / change", "run-queue wait ms / change",
                            "run-queue wait µs / time slice"), scheduling));
        }
        return tables;
    }

    /** @return the tables of the stack at rest, per second; empty without a profile */
    public static List<Table> atRest(PhaseCost idle) {
        if (idle == null || idle.profile().isEmpty() || idle.wall().isZero()) {
            return List.of();
        }
        PhaseProfile profile = idle.profile().get();
        double seconds = idle.wall().toNanos() / 1e9;
        List<List<Object>> requests = new ArrayList<>();
        profile.kafka().byRole(profile.roles()).forEach((role, c) -> {
            if (c.requests() > 0) {
                requests.add(Arrays.asList(role, c.requests() / seconds, c.fetches() / seconds, c.commits() / seconds,
                        c.heartbeats() / seconds));
            }
        });
        List<List<Object>> threads = new ArrayList<>();
        int rank = 1;
        for (ThreadCpu.Entry t : profile.threads().top(TOP_THREADS)) {
            threads.add(Arrays.asList(rank++, t.name().thread(), t.name().component().wireName(), t.millis() / seconds));
        }
        return List.of(
                new Table("at_rest_kafka_requests_per_second", "At rest: Kafka requests per second, by client",
                        List.of("client", "requests/s", "fetches/s", "commits/s", "heartbeats/s"), requests),
                new Table("at_rest_thread_cpu_per_second", "At rest: busiest threads, CPU ms per second (top " + TOP_THREADS + ")",
                        List.of("rank", "thread", "component", "CPU ms/s"), threads));
    }

    private static List<Object> countsRow(String mode, String phase, String client, KafkaTraffic.Counts c, double made) {
        double rest = c.requests() - c.fetches() - c.commits() - c.heartbeats();
        return Arrays.asList(mode, phase, client, per(c.requests(), made), per(c.fetches(), made), per(c.commits(), made),
                per(c.heartbeats(), made), per(Math.max(0, rest), made));
    }

    private static double per(double count, double made) {
        return made == 0 ? Double.NaN : count / made;
    }
}
