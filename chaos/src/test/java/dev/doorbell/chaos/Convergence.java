package dev.doorbell.chaos;

import static org.awaitility.Awaitility.await;

import dev.doorbell.reconciler.audit.Audit;
import dev.doorbell.reconciler.audit.AuditReport;
import dev.doorbell.reconciler.audit.AuditSettings;
import dev.doorbell.reconciler.audit.FleetView;
import dev.doorbell.reconciler.audit.VmmDifference;
import dev.doorbell.reconciler.control.SledAgentClient;
import dev.doorbell.reconciler.db.Database;
import dev.doorbell.reconciler.read.ReadApiClient;
import dev.doorbell.reconciler.sweep.SledStateCheck;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The chaos suite's pass condition: {@code doorbell audit}'s {@link Audit} (the reconciler's read API
 * against every sled's bulk answer, at their registered addresses) finds every VMM in sync, with no
 * grace and every sled asked, and every VMM the sleds ever reported still held by a sled has a
 * database row (the one thing an audit, which starts from the rows, cannot see). Both are read
 * afresh on every comparison, so a change made late is waited for too.
 */
final class Convergence {

    private static final Duration POLL = Duration.ofMillis(200);

    private static final Duration SLED_TIMEOUT = Duration.ofSeconds(5);

    private final Database.Config database;
    private final List<ChaosSled> sleds;
    private final Supplier<URI> readApi;
    private final SledStateCheck sledCheck = SledStateCheck.overAnyVersion(new SledAgentClient(SLED_TIMEOUT, SLED_TIMEOUT));

    /** @param readApi the running reconciler's base URL (throws while none runs: not yet equal) */
    Convergence(Database.Config database, List<ChaosSled> sleds, Supplier<URI> readApi) {
        this.database = database;
        this.sleds = List.copyOf(sleds);
        this.readApi = readApi;
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
        } catch (SQLException | RuntimeException e) {
            return lastSeen; // the database or a sled is still unreadable: the last comparison stands
        }
    }

    /**
     * Every VMM whose row differs from its sled's state now: the audit's differences (any, whatever
     * their age) and the VMMs a sled holds without a row.
     *
     * @throws IllegalStateException if a sled could not be asked (or no reconciler runs): not yet equal
     */
    List<Mismatch> mismatches() throws SQLException {
        AuditReport report;
        try (ReadApiClient reads = new ReadApiClient(readApi.get())) {
            report = new Audit(FleetView.over(reads), sledCheck, Clock.systemUTC(), AuditSettings.DEFAULTS.withGrace(Duration.ZERO)).run();
        }
        if (!report.unasked().isEmpty()) {
            throw new IllegalStateException("sleds not asked: " + report.unasked());
        }
        List<Mismatch> out = new ArrayList<>();
        for (VmmDifference d : report.differences()) {
            Mismatch.Snapshot onSled = d.sledState() == null ? Mismatch.Snapshot.ABSENT : new Mismatch.Snapshot(d.sledState(), d.sledGen());
            out.add(new Mismatch(d.vmm(), onSled, new Mismatch.Snapshot(d.dbState(), d.dbGen())));
        }
        Set<UUID> rows = rowIds();
        for (ChaosSled sled : sleds) {
            for (UUID vmm : sled.vmms()) {
                if (!rows.contains(vmm)) {
                    sled.state(vmm).ifPresent(state -> out.add(new Mismatch(vmm,
                            new Mismatch.Snapshot(state.vmmState().state().wireName(), state.vmmState().gen()), Mismatch.Snapshot.ABSENT)));
                }
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

    private Set<UUID> rowIds() throws SQLException {
        Set<UUID> rows = new HashSet<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM vmm")) {
            while (rs.next()) {
                rows.add(rs.getObject(1, UUID.class));
            }
        }
        return rows;
    }
}
