package dev.doorbell.chaos;

import static org.awaitility.Awaitility.await;

import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.reconciler.db.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The chaos suite's pass condition: the database's {@code vmm} rows equal every sled's current
 * state — state and generation of each VMM the sleds ever reported. Sled states are read afresh on
 * every comparison, so a change made late is waited for too.
 */
final class Convergence {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Database.Config database;
    private final List<ChaosSled> sleds;

    Convergence(Database.Config database, List<ChaosSled> sleds) {
        this.database = database;
        this.sleds = List.copyOf(sleds);
    }

    /**
     * Waits up to {@code bound} for the database to equal the sleds, checking every 200 ms (a database
     * that cannot be read counts as not yet equal), and reports the time from {@code healedAt} and,
     * if the bound ran out, what still differs.
     */
    ConvergenceResult awaitEqual(Instant healedAt, Duration bound) {
        AtomicReference<List<Mismatch>> last = new AtomicReference<>(List.of());
        try {
            await("database equal to every sled").atMost(bound).pollInterval(POLL).pollDelay(Duration.ZERO)
                    .ignoreExceptions().until(() -> {
                        last.set(mismatches());
                        return last.get().isEmpty();
                    });
            return new ConvergenceResult(Duration.between(healedAt, Instant.now()), vmms(), 0, List.of());
        } catch (ConditionTimeoutException e) {
            List<Mismatch> remaining = finalMismatches(last.get());
            return new ConvergenceResult(Duration.between(healedAt, Instant.now()), vmms(),
                    remaining.stream().filter(Mismatch::lost).count(), remaining);
        }
    }

    private List<Mismatch> finalMismatches(List<Mismatch> lastSeen) {
        try {
            return mismatches();
        } catch (SQLException e) {
            return lastSeen; // the database is still unreadable: the last comparison stands
        }
    }

    /** Every VMM whose row differs from its sled's state now. */
    List<Mismatch> mismatches() throws SQLException {
        Map<UUID, Mismatch.Snapshot> rows = rows();
        List<Mismatch> out = new ArrayList<>();
        for (ChaosSled sled : sleds) {
            for (UUID vmm : sled.vmms()) {
                sled.state(vmm).ifPresent(state -> {
                    VmmRuntimeState runtime = state.vmmState();
                    Mismatch.Snapshot expected = new Mismatch.Snapshot(runtime.state().wireName(), runtime.gen());
                    Mismatch.Snapshot actual = rows.getOrDefault(vmm, Mismatch.Snapshot.ABSENT);
                    if (!expected.equals(actual)) {
                        out.add(new Mismatch(vmm, expected, actual));
                    }
                });
            }
        }
        return out;
    }

    /**
     * VMMs the sleds reported whose database row has no instance: the control plane did not place
     * them (it writes a VMM's instance when it starts it), so a reconciler that accepts only
     * control-plane VMMs would have dead-lettered their observations as {@code unknown-vmm}.
     */
    List<UUID> vmmsNotPlacedByTheControlPlane() throws SQLException {
        Set<UUID> withoutInstance = new HashSet<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM vmm WHERE instance_id IS NULL")) {
            while (rs.next()) {
                withoutInstance.add(rs.getObject(1, UUID.class));
            }
        }
        return sleds.stream().flatMap(s -> s.vmms().stream()).filter(withoutInstance::contains).toList();
    }

    private int vmms() {
        return sleds.stream().mapToInt(s -> s.vmms().size()).sum();
    }

    private Map<UUID, Mismatch.Snapshot> rows() throws SQLException {
        Map<UUID, Mismatch.Snapshot> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, state, state_generation FROM vmm")) {
            while (rs.next()) {
                rows.put(rs.getObject(1, UUID.class), new Mismatch.Snapshot(rs.getString(2), rs.getLong(3)));
            }
        }
        return rows;
    }
}
