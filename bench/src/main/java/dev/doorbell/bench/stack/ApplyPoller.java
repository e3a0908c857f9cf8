package dev.doorbell.bench.stack;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Sees when the reconciler's database holds a generation: every {@code interval} it queries
 * {@code SELECT id, state_generation FROM vmm WHERE id = ANY(?)} for the VMMs with changes still
 * pending and records, for each pending change whose generation the row has reached, the time from
 * the change's {@code time_updated} to that poll. The figure therefore includes up to one polling
 * interval (plus the query) after the commit; it is the simplest honest measure without a hook in
 * the commit path. Each change carries a tag (e.g. its sled's API version) that its sample keeps.
 */
final class ApplyPoller implements AutoCloseable {

    private record Pending(long gen, Instant timeUpdated, int tag) {}

    private final Map<UUID, ArrayDeque<Pending>> pending = new ConcurrentHashMap<>();
    private final LatencySamples.Builder samples = new LatencySamples.Builder();
    private final Connection connection;
    private final long backendPid;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile SQLException failure;

    /** Connects; the polling thread starts in the caller's thread group. */
    ApplyPoller(String jdbcUrl, String user, String password, Duration interval) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, user, password);
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            this.backendPid = rs.getLong(1);
        }
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("bench-apply-poller").start(this::loop);
    }

    /** @return the PostgreSQL backend process serving the poller's connection */
    long backendPid() {
        return backendPid;
    }

    /** Registers a change that must become visible in the database. */
    void expect(UUID vmm, long gen, Instant timeUpdated, int tag) {
        pending.compute(vmm, (k, queue) -> {
            ArrayDeque<Pending> q = queue == null ? new ArrayDeque<>() : queue;
            synchronized (q) {
                q.add(new Pending(gen, timeUpdated, tag));
            }
            return q;
        });
    }

    /** @return changes registered and not yet seen applied */
    long pendingCount() {
        long n = 0;
        for (ArrayDeque<Pending> q : pending.values()) {
            synchronized (q) {
                n += q.size();
            }
        }
        return n;
    }

    /** @return changes registered and not yet seen applied, per tag */
    Map<Integer, Long> pendingByTag() {
        Map<Integer, Long> out = new TreeMap<>();
        for (ArrayDeque<Pending> q : pending.values()) {
            synchronized (q) {
                q.forEach(p -> out.merge(p.tag(), 1L, Long::sum));
            }
        }
        return out;
    }

    /** @return the samples recorded since the last call; clears them */
    LatencySamples drainSamples() {
        return samples.drain();
    }

    /** Forgets pending changes. */
    void forgetPending() {
        pending.clear();
    }

    SQLException failure() {
        return failure;
    }

    private void loop() {
        try (PreparedStatement st = connection.prepareStatement("SELECT id, state_generation FROM vmm WHERE id = ANY(?)")) {
            while (running) {
                long start = System.nanoTime();
                List<UUID> ids = new ArrayList<>();
                ids.addAll(pending.keySet());
                for (int from = 0; from < ids.size(); from += 5000) {
                    List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + 5000));
                    Array array = connection.createArrayOf("uuid", batch.toArray());
                    st.setArray(1, array);
                    try (ResultSet rs = st.executeQuery()) {
                        Instant seen = Instant.now();
                        while (rs.next()) {
                            settle(rs.getObject(1, UUID.class), rs.getLong(2), seen);
                        }
                    }
                    array.free();
                }
                long left = interval.toNanos() - (System.nanoTime() - start);
                if (left > 0) {
                    LockSupport.parkNanos(left);
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
    }

    private void settle(UUID vmm, long dbGen, Instant seen) {
        ArrayDeque<Pending> queue = pending.get(vmm);
        if (queue == null) {
            return;
        }
        synchronized (queue) {
            while (!queue.isEmpty() && queue.peek().gen() <= dbGen) {
                Pending p = queue.poll();
                samples.add(seen.toEpochMilli(), Duration.between(p.timeUpdated(), seen).toNanos() / 1e6, p.tag());
            }
        }
        // atomic with expect(): a queue is dropped only while it is empty, so no expectation is lost
        pending.computeIfPresent(vmm, (k, q) -> {
            synchronized (q) {
                return q.isEmpty() ? null : q;
            }
        });
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
