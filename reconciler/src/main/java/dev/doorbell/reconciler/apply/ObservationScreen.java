package dev.doorbell.reconciler.apply;

import dev.doorbell.model.MigrationRuntimeState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Splits a batch into the observations the applier may apply and those it refuses whole, reading
 * the rows the batch names once, at the start of its transaction. Refusals are decided in order,
 * and in {@link UnknownRows#ADOPT} mode what an accepted observation adopts counts for the ones
 * after it, so the verdicts are those of applying the observations one at a time.
 *
 * <p>A batch that names no migration, refusing unknown rows, can only be refused for an unknown VMM,
 * and a write that finds no row changes nothing; so such a batch is screened after its writes
 * ({@link #deferrable}, {@link #afterWrites}): only the VMMs no write found a row of are looked up, and
 * at a steady stream of changes none are, which saves a round trip to the database per batch.
 */
final class ObservationScreen {

    /** A migration's two VMMs as the database (or an earlier adopted report) records them; null when not known yet. */
    private static final class Ends {
        UUID source;
        UUID target;
    }

    /** Parameter: the VMMs' ids. */
    static final String KNOWN_VMMS = "SELECT id FROM vmm WHERE id = ANY (?)";

    record Screened(List<Observation> accepted, List<Refusal> refused) {}

    private ObservationScreen() {}

    static Screened screen(Connection c, List<Observation> batch, UnknownRows unknownRows) throws SQLException {
        Set<UUID> vmmIds = new LinkedHashSet<>();
        Set<UUID> migrationIds = new LinkedHashSet<>();
        for (Observation o : batch) {
            vmmIds.add(o.vmmId());
            if (o instanceof Observation.Reported r) {
                if (r.migrationIn() != null) {
                    migrationIds.add(r.migrationIn().migrationId());
                }
                if (r.migrationOut() != null) {
                    migrationIds.add(r.migrationOut().migrationId());
                }
            }
        }
        Set<UUID> knownVmms = knownVmms(c, vmmIds);
        Map<UUID, Ends> migrations = knownMigrations(c, migrationIds);
        List<Observation> accepted = new ArrayList<>(batch.size());
        List<Refusal> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Observation o = batch.get(i);
            Refusal refusal = verdict(i, o, knownVmms, migrations, unknownRows);
            if (refusal != null) {
                refused.add(refusal);
                continue;
            }
            accepted.add(o);
            if (o instanceof Observation.Reported r) { // adopt what it names (a no-op for known rows)
                knownVmms.add(r.vmmId());
                if (r.migrationOut() != null) {
                    Ends ends = migrations.computeIfAbsent(r.migrationOut().migrationId(), id -> new Ends());
                    ends.source = ends.source == null ? r.vmmId() : ends.source;
                }
                if (r.migrationIn() != null) {
                    Ends ends = migrations.computeIfAbsent(r.migrationIn().migrationId(), id -> new Ends());
                    ends.target = ends.target == null ? r.vmmId() : ends.target;
                }
            }
        }
        return new Screened(accepted, refused);
    }

    /**
     * Whether {@code batch} may be written whole and screened afterwards: it refuses unknown rows and no report in it
     * names a migration (whose verdicts need the migration's rows before anything is written).
     */
    static boolean deferrable(List<Observation> batch, UnknownRows unknownRows) {
        if (unknownRows != UnknownRows.REFUSE) {
            return false;
        }
        for (Observation o : batch) {
            if (o instanceof Observation.Reported r && (r.migrationIn() != null || r.migrationOut() != null)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The screen of a {@link #deferrable} batch after it was written whole: the observations of each VMM that no write
     * found a row of and that has no row now are refused ({@link RefusalReason#UNKNOWN_VMM}), in order, as the screen
     * before the writes would have; their writes changed nothing. A VMM whose row a write found is known.
     *
     * @param found the VMMs whose row a write of the batch found (changed, touched or marked)
     */
    static List<Refusal> afterWrites(Connection c, List<Observation> batch, Set<UUID> found) throws SQLException {
        Set<UUID> unsure = new LinkedHashSet<>();
        for (Observation o : batch) {
            if (!found.contains(o.vmmId())) {
                unsure.add(o.vmmId());
            }
        }
        if (unsure.isEmpty()) {
            return List.of();
        }
        Set<UUID> known = knownVmms(c, unsure);
        List<Refusal> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            UUID vmm = batch.get(i).vmmId();
            if (unsure.contains(vmm) && !known.contains(vmm)) {
                refused.add(unknownVmm(i, vmm));
            }
        }
        return refused;
    }

    private static Refusal unknownVmm(int index, UUID vmm) {
        return new Refusal(index, RefusalReason.UNKNOWN_VMM, "no VMM " + vmm);
    }

    private static Refusal verdict(int index, Observation o, Set<UUID> knownVmms, Map<UUID, Ends> migrations,
                                   UnknownRows unknownRows) {
        boolean adopt = unknownRows == UnknownRows.ADOPT;
        if (!knownVmms.contains(o.vmmId()) && !(adopt && o instanceof Observation.Reported)) {
            return unknownVmm(index, o.vmmId());
        }
        if (!(o instanceof Observation.Reported r)) {
            return null;
        }
        MigrationRuntimeState in = r.migrationIn();
        MigrationRuntimeState out = r.migrationOut();
        if (in != null && out != null && in.migrationId().equals(out.migrationId())) {
            return new Refusal(index, RefusalReason.SELF_MIGRATION,
                    "VMM " + r.vmmId() + " reports both sides of migration " + in.migrationId());
        }
        if (out != null) {
            Refusal refusal = side(index, r.vmmId(), out.migrationId(), migrations, adopt, true);
            if (refusal != null) {
                return refusal;
            }
        }
        return in == null ? null : side(index, r.vmmId(), in.migrationId(), migrations, adopt, false);
    }

    private static Refusal side(int index, UUID reporter, UUID migrationId, Map<UUID, Ends> migrations, boolean adopt,
                                boolean source) {
        Ends ends = migrations.get(migrationId);
        if (ends == null) {
            return adopt ? null : new Refusal(index, RefusalReason.UNKNOWN_MIGRATION, "no migration " + migrationId);
        }
        UUID expected = source ? ends.source : ends.target;
        if (expected == null ? adopt : expected.equals(reporter)) {
            return null;
        }
        return new Refusal(index, source ? RefusalReason.NOT_MIGRATION_SOURCE : RefusalReason.NOT_MIGRATION_TARGET,
                "VMM " + reporter + " is not the " + (source ? "source" : "target") + " of migration " + migrationId
                        + " (" + (source ? "source" : "target") + " is " + expected + ")");
    }

    private static Set<UUID> knownVmms(Connection c, Set<UUID> ids) throws SQLException {
        Set<UUID> known = new HashSet<>();
        if (ids.isEmpty()) {
            return known;
        }
        try (PreparedStatement st = c.prepareStatement(KNOWN_VMMS)) {
            st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return known;
    }

    private static Map<UUID, Ends> knownMigrations(Connection c, Set<UUID> ids) throws SQLException {
        Map<UUID, Ends> known = new HashMap<>();
        if (ids.isEmpty()) {
            return known;
        }
        try (PreparedStatement st = c.prepareStatement("SELECT id, source_vmm_id, target_vmm_id FROM migration WHERE id = ANY (?)")) {
            st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Ends ends = new Ends();
                    ends.source = rs.getObject(2, UUID.class);
                    ends.target = rs.getObject(3, UUID.class);
                    known.put(rs.getObject(1, UUID.class), ends);
                }
            }
        }
        return known;
    }
}
