package dev.doorbell.bench.latency;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Sees when the reconciler's database holds a generation: every {@code interval} it queries
 * {@code SELECT id, state_generation FROM vmm WHERE id = ANY(?)} for the VMMs with changes still
 * pending and records, for each pending change whose generation the row has reached, the time from
 * the change's {@code time_updated} to that poll. The figure therefore includes up to one polling
 * interval (plus the query) after the commit; it is the simplest honest measure without a hook in
 * the commit path.
 */
final class ApplyPoller implements AutoCloseable {

    private record Pending(long gen, Instant timeUpdated) {}

    private final Map<UUID, ArrayDeque<Pending>> pending = new ConcurrentHashMap<>();
    private final List<Double> latencies = new ArrayList<>();
    private final Connection connection;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile SQLException failure;

    ApplyPoller(String jdbcUrl, String user, String password, Duration interval) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, user, password);
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("bench-apply-poller").start(this::loop);
    }

    /** Registers a change that must become visible in the database. */
    void expect(UUID vmm, long gen, Instant timeUpdated) {
        ArrayDeque<Pending> queue = pending.computeIfAbsent(vmm, k -> new ArrayDeque<>());
        synchronized (queue) {
            queue.add(new Pending(gen, timeUpdated));
        }
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

    /** @return the latencies recorded since the last call, in ms; clears them */
    double[] drainLatencies() {
        synchronized (latencies) {
            double[] out = latencies.stream().mapToDouble(Double::doubleValue).toArray();
            latencies.clear();
            return out;
        }
    }

    /** Forgets pending changes; @return how many there were */
    long forgetPending() {
        long n = pendingCount();
        pending.clear();
        return n;
    }

    SQLException failure() {
        return failure;
    }

    private void loop() {
        try (PreparedStatement st = connection.prepareStatement("SELECT id, state_generation FROM vmm WHERE id = ANY(?)")) {
            while (running) {
                long start = System.nanoTime();
                List<UUID> ids = new ArrayList<>();
                for (Map.Entry<UUID, ArrayDeque<Pending>> e : pending.entrySet()) {
                    synchronized (e.getValue()) {
                        if (!e.getValue().isEmpty()) {
                            ids.add(e.getKey());
                        }
                    }
                }
                for (int from = 0; from < ids.size(); from += 5000) {
                    List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + 5000));
                    Array array = connection.createArrayOf("uuid", batch.toArray());
                    st.setArray(1, array);
                    try (ResultSet rs = st.executeQuery()) {
                        Instant seen = clock.instant();
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
        List<Double> done = new ArrayList<>();
        synchronized (queue) {
            while (!queue.isEmpty() && queue.peek().gen() <= dbGen) {
                Pending p = queue.poll();
                done.add(Duration.between(p.timeUpdated(), seen).toNanos() / 1e6);
            }
        }
        if (!done.isEmpty()) {
            synchronized (latencies) {
                latencies.addAll(done);
            }
        }
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
            // closing
        }
    }
}
