package dev.doorbell.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Learns when each observed generation reached the database: for every VMM with a generation
 * observed on {@code vmm.states} but not yet seen in the read API, it asks {@code GET /v1/vmms/{id}}
 * every couple of milliseconds, and records the first moment the database showed that generation or
 * a newer one. The time is an upper bound, precise to about one poll.
 */
public final class AppliedWatcher implements AutoCloseable {

    private final StackClient client;
    private final Map<UUID, Long> awaited = new ConcurrentHashMap<>(); // VMM → highest generation awaited
    private final Map<UUID, Long> seen = new ConcurrentHashMap<>();    // VMM → highest generation seen applied
    private final Map<VmmGen, Instant> applied = new ConcurrentHashMap<>();
    private final Thread thread = new Thread(this::run, "doorbell-demo-applied");
    private volatile boolean running = true;

    public AppliedWatcher(StackClient client) {
        this.client = client;
        thread.setDaemon(true);
    }

    public AppliedWatcher start() {
        thread.start();
        return this;
    }

    /** The tap saw this generation on its way to the database. */
    public void expect(Observed observed) {
        awaited.merge(observed.vmm(), observed.gen(), Math::max);
        synchronized (this) {
            notifyAll();
        }
    }

    /** When the database first showed each generation (or a newer one), for generations expected so far. */
    public Map<VmmGen, Instant> applied() {
        return Map.copyOf(applied);
    }

    /** Whether every generation expected so far has been seen in the database. */
    public boolean caughtUp() {
        return awaited.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private void run() {
        while (running) {
            boolean polled = false;
            for (Map.Entry<UUID, Long> wanted : awaited.entrySet()) {
                UUID vmm = wanted.getKey();
                if (seen.getOrDefault(vmm, 0L) >= wanted.getValue()) {
                    continue;
                }
                polled = true;
                try {
                    Optional<JsonNode> row = client.vmm(vmm);
                    Instant now = Instant.now();
                    if (row.isPresent()) {
                        long gen = row.get().path("gen").asLong();
                        long before = seen.getOrDefault(vmm, 0L);
                        for (long g = before + 1; g <= gen; g++) {
                            applied.putIfAbsent(new VmmGen(vmm, g), now);
                        }
                        seen.merge(vmm, gen, Math::max);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the read API is briefly unavailable: ask again on the next round
                }
            }
            try {
                synchronized (this) {
                    wait(polled ? 2 : 50);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
