package dev.doorbell.reconciler.control;

import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.reconciler.read.InstanceView;
import dev.doorbell.reconciler.read.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance create, start, stop, reboot and migrate: the control plane's calls into sled-agents.
 *
 * <p>Contract of every state-changing call:
 * <ul>
 *   <li>It runs in one database transaction that first locks the instance row
 *       ({@code SELECT ... FOR UPDATE}), so control calls on one instance are serialized (two
 *       concurrent starts cannot both create a VMM). The lock is held across the sled call, whose
 *       time is bounded by {@link ControlSettings}.</li>
 *   <li>A new VMM's placement is published to {@code vmm.placements} and acknowledged
 *       <em>before</em> the sled is called, so the state fetcher can resolve any doorbell the new
 *       VMM rings.</li>
 *   <li>If a sled does not answer the call fails with 503 and the transaction rolls back: nothing
 *       is written to the database (a placement record for a VMM that never started is harmless).
 *       A sled's 409 is the caller's 409.</li>
 *   <li>Rows are written only for what the apply path cannot derive from observations: a new VMM's
 *       {@code instance_id} (with the sled's first answer, at its generation), the instance's links
 *       to its VMMs, and a migration's endpoints. After the commit each sled answer is published as
 *       a {@code control-response} observation and applied like any other.</li>
 * </ul>
 * Thread-safe.
 */
public final class InstanceLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceLifecycle.class);
    /** Omicron's resource names: lowercase letters, digits and hyphens, starting with a letter, at most 63. */
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final DirectoryWriter directory;
    private final SledAgentClient sleds;
    private final ControlResponses responses;
    private final ControlSettings settings;
    private final Clock clock;
    private final ReadModel reads;

    public InstanceLifecycle(DataSource dataSource, DirectoryWriter directory, SledAgentClient sleds,
                             ControlResponses responses, ControlSettings settings, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.sleds = Objects.requireNonNull(sleds, "sleds");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reads = new ReadModel(dataSource);
    }

    /** Creates an instance in {@code no_vmm}. 400 for an invalid name, 409 if the name is taken. */
    public InstanceView create(InstanceCreate body) throws SQLException {
        String name = body.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("name must be 1 to 63 lowercase letters, digits and hyphens, "
                    + "starting with a letter and not ending with a hyphen");
        }
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("INSERT INTO instance (id, name) VALUES (?, ?)")) {
            st.setObject(1, id);
            st.setString(2, name);
            st.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw ProblemException.conflict("an instance named '" + name + "' exists");
            }
            throw e;
        }
        LOG.atInfo().addKeyValue("instance", id).log("instance created");
        return reads.instance(id).orElseThrow();
    }

    /**
     * Starts the instance on {@code sledId}, or on the active sled with the fewest non-terminal
     * VMMs: a new VMM is placed, ensured on the sled and asked to run. 404 unknown instance or sled,
     * 409 if it has an active VMM or the sled is not active, 503 if no sled is active or the sled
     * does not answer.
     */
    public InstanceAction start(UUID instanceId, Optional<UUID> sledId) throws SQLException {
        Called started = Transactions.inTransaction(dataSource, c -> {
            InstanceRow instance = lockInstance(c, instanceId);
            if (instance.activeVmmId() != null) {
                throw ProblemException.conflict("instance " + instanceId + " already has an active VMM " + instance.activeVmmId());
            }
            if ("destroyed".equals(instance.state())) {
                throw ProblemException.conflict("instance " + instanceId + " is destroyed");
            }
            SledRow sled = sledId.isPresent() ? activeSled(c, sledId.get()) : leastLoadedSled(c);
            SledEndpoint endpoint = sled.endpoint();
            UUID vmmId = UUID.randomUUID();
            Acknowledgements.await(directory.publishPlacement(vmmId, sled.id()), settings.publishTimeout(),
                    "the placement of VMM " + vmmId);
            SledVmmState answer;
            try {
                sleds.ensure(endpoint, vmmId, new EnsureBody(instanceId, null));
                answer = sleds.requestState(endpoint, vmmId, StateChangeBody.RUNNING);
            } catch (SledUnavailableException e) {
                throw unavailable(e);
            } catch (SledRejectedException e) {
                throw rejected(e, "start");
            }
            linkVmm(c, vmmId, instanceId, sled.id(), answer);
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE instance SET state = 'vmm', active_vmm_id = ?, failure_reason = NULL, time_state_updated = now()
                    WHERE id = ?""")) {
                st.setObject(1, vmmId);
                st.setObject(2, instanceId);
                st.executeUpdate();
            }
            return new Called(vmmId, endpoint, answer);
        });
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("vmm", started.vmmId())
                .addKeyValue("sled", started.sled().sledId()).addKeyValue("gen", started.answer().vmmState().gen())
                .log("instance started");
        responses.publish(started.vmmId(), started.sled(), started.answer());
        return new InstanceAction(reads.instance(instanceId).orElseThrow(), started.vmmId(), started.sled().sledId(),
                started.answer());
    }

    /** Asks the active VMM to stop. 404 unknown instance, 409 without an active VMM or if the sled refuses, 503 if it does not answer. */
    public InstanceAction stop(UUID instanceId) throws SQLException {
        return changeActiveVmm(instanceId, StateChangeBody.STOPPED, "stop");
    }

    /** Asks the active VMM to reboot; as {@link #stop}. */
    public InstanceAction reboot(UUID instanceId) throws SQLException {
        return changeActiveVmm(instanceId, StateChangeBody.REBOOT, "reboot");
    }

    private InstanceAction changeActiveVmm(UUID instanceId, StateChangeBody change, String action) throws SQLException {
        Called called = Transactions.inTransaction(dataSource, c -> {
            InstanceRow instance = lockInstance(c, instanceId);
            if (instance.activeVmmId() == null) {
                throw ProblemException.conflict("cannot " + action + " instance " + instanceId + ": it has no active VMM");
            }
            SledEndpoint endpoint = sledOfVmm(c, instance.activeVmmId()).endpoint();
            try {
                return new Called(instance.activeVmmId(), endpoint, sleds.requestState(endpoint, instance.activeVmmId(), change));
            } catch (SledUnavailableException e) {
                throw unavailable(e);
            } catch (SledRejectedException e) {
                throw rejected(e, action);
            }
        });
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("vmm", called.vmmId())
                .addKeyValue("gen", called.answer().vmmState().gen()).log("instance {} requested", action);
        responses.publish(called.vmmId(), called.sled(), called.answer());
        return new InstanceAction(reads.instance(instanceId).orElseThrow(), called.vmmId(), called.sled().sledId(),
                called.answer());
    }

    /**
     * Live-migrates the instance's active VMM to a new VMM on {@code targetSledId}: the target is
     * placed and ensured as a migration target, then the source is asked to migrate out. If the
     * source refuses or does not answer, the target is told the migration failed (so it ends) and
     * nothing is written. 404 unknown instance or sled, 409 without an active VMM, while migrating,
     * to its own sled, to an inactive sled, or if the source refuses; 503 if a sled does not answer.
     */
    public MigrationStarted migrate(UUID instanceId, UUID targetSledId) throws SQLException {
        Migration m = Transactions.inTransaction(dataSource, c -> {
            InstanceRow instance = lockInstance(c, instanceId);
            UUID sourceVmm = instance.activeVmmId();
            if (sourceVmm == null) {
                throw ProblemException.conflict("cannot migrate instance " + instanceId + ": it has no active VMM");
            }
            if (instance.targetVmmId() != null || instance.migrationId() != null) {
                throw ProblemException.conflict("instance " + instanceId + " is already migrating (migration "
                        + instance.migrationId() + ")");
            }
            SledEndpoint source = sledOfVmm(c, sourceVmm).endpoint();
            SledRow targetSled = activeSled(c, targetSledId);
            if (targetSled.id().equals(source.sledId())) {
                throw ProblemException.conflict("instance " + instanceId + " already runs on sled " + targetSledId);
            }
            SledEndpoint target = targetSled.endpoint();
            UUID targetVmm = UUID.randomUUID();
            UUID migrationId = UUID.randomUUID();
            Acknowledgements.await(directory.publishPlacement(targetVmm, target.sledId()), settings.publishTimeout(),
                    "the placement of VMM " + targetVmm);
            SledVmmState targetAnswer;
            try {
                targetAnswer = sleds.ensure(target, targetVmm,
                        new EnsureBody(instanceId, new EnsureBody.Source(migrationId, sourceVmm, source.address())));
            } catch (SledUnavailableException e) {
                throw unavailable(e);
            } catch (SledRejectedException e) {
                throw rejected(e, "migrate");
            }
            SledVmmState sourceAnswer;
            try {
                sourceAnswer = sleds.requestState(source, sourceVmm,
                        StateChangeBody.migrateOut(migrationId, targetVmm, target.address()));
            } catch (SledUnavailableException e) {
                abandonTarget(target, targetVmm, migrationId);
                throw unavailable(e);
            } catch (SledRejectedException e) {
                abandonTarget(target, targetVmm, migrationId);
                throw rejected(e, "migrate");
            }
            linkVmm(c, targetVmm, instanceId, target.sledId(), targetAnswer);
            insertMigration(c, migrationId, instanceId, sourceVmm, targetVmm, sourceAnswer, targetAnswer);
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE instance SET target_vmm_id = ?, migration_id = ?, time_state_updated = now() WHERE id = ?""")) {
                st.setObject(1, targetVmm);
                st.setObject(2, migrationId);
                st.setObject(3, instanceId);
                st.executeUpdate();
            }
            return new Migration(migrationId, new Called(sourceVmm, source, sourceAnswer), new Called(targetVmm, target, targetAnswer));
        });
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("migration", m.id())
                .addKeyValue("vmm", m.source().vmmId()).addKeyValue("target_vmm", m.target().vmmId())
                .log("migration started");
        responses.publish(m.target().vmmId(), m.target().sled(), m.target().answer());
        responses.publish(m.source().vmmId(), m.source().sled(), m.source().answer());
        return new MigrationStarted(reads.instance(instanceId).orElseThrow(), m.id(), m.source().vmmId(), m.target().vmmId(),
                m.target().sled().sledId(), m.source().answer(), m.target().answer());
    }

    /** Best effort: a target whose source never started migrating must not wait forever. */
    private void abandonTarget(SledEndpoint target, UUID targetVmm, UUID migrationId) {
        try {
            sleds.migrationFailed(target, targetVmm, migrationId);
        } catch (SledUnavailableException | SledRejectedException e) {
            LOG.atWarn().addKeyValue("vmm", targetVmm).addKeyValue("sled", target.sledId())
                    .log("cannot tell an abandoned migration target that its migration failed: {}", e.getMessage());
        }
    }

    // ---- rows ------------------------------------------------------------------------------------

    private record InstanceRow(String state, UUID activeVmmId, UUID targetVmmId, UUID migrationId) {}

    private record SledRow(UUID id, String address, List<String> apiVersions, String state) {
        SledEndpoint endpoint() {
            return SledEndpoint.of(id, address, apiVersions);
        }
    }

    private record Called(UUID vmmId, SledEndpoint sled, SledVmmState answer) {}

    private record Migration(UUID id, Called source, Called target) {}

    private static InstanceRow lockInstance(Connection c, UUID instanceId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT state, active_vmm_id, target_vmm_id, migration_id FROM instance WHERE id = ? FOR UPDATE")) {
            st.setObject(1, instanceId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("no instance " + instanceId);
                }
                return new InstanceRow(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class));
            }
        }
    }

    private static SledRow activeSled(Connection c, UUID sledId) throws SQLException {
        SledRow sled = sledWhere(c, "SELECT id, address, api_versions, state FROM sled WHERE id = ?", sledId)
                .orElseThrow(() -> ProblemException.notFound("no sled " + sledId));
        if (!"active".equals(sled.state())) {
            throw ProblemException.conflict("sled " + sledId + " is " + sled.state());
        }
        return sled;
    }

    private static SledRow sledOfVmm(Connection c, UUID vmmId) throws SQLException {
        return sledWhere(c, "SELECT s.id, s.address, s.api_versions, s.state FROM vmm v JOIN sled s ON s.id = v.sled_id "
                + "WHERE v.id = ?", vmmId)
                .orElseThrow(() -> new IllegalStateException("active VMM " + vmmId + " has no row or no registered sled"));
    }

    private static SledRow leastLoadedSled(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT s.id, s.address, s.api_versions, s.state FROM sled s
                LEFT JOIN vmm v ON v.sled_id = s.id AND v.state NOT IN ('failed', 'destroyed')
                WHERE s.state = 'active'
                GROUP BY s.id ORDER BY count(v.id), s.id LIMIT 1""");
             ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                throw new ProblemException(Problem.of(503, "no active sled to start the instance on"));
            }
            return sledRow(rs);
        }
    }

    private static Optional<SledRow> sledWhere(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(sledRow(rs)) : Optional.empty();
            }
        }
    }

    private static SledRow sledRow(ResultSet rs) throws SQLException {
        java.sql.Array versions = rs.getArray(3);
        List<String> list = versions == null ? List.of() : List.of((String[]) versions.getArray());
        return new SledRow(rs.getObject(1, UUID.class), rs.getString(2), list, rs.getString(4));
    }

    /**
     * Inserts the VMM with the sled's answer, or, if an observation got there first (the sled's own
     * doorbell can be faster than this transaction), only sets its instance: the apply path owns
     * every other column and will apply this answer's observation by generation.
     */
    private void linkVmm(Connection c, UUID vmmId, UUID instanceId, UUID sledId, SledVmmState answer) throws SQLException {
        VmmRuntimeState runtime = answer.vmmState();
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO vmm (id, instance_id, sled_id, state, state_generation, time_state_updated, failure_reason,
                                 last_source, last_observed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'control_response', ?)
                ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id""")) {
            st.setObject(1, vmmId);
            st.setObject(2, instanceId);
            st.setObject(3, sledId);
            st.setString(4, runtime.state().wireName());
            st.setLong(5, runtime.gen());
            st.setTimestamp(6, Timestamp.from(runtime.timeUpdated()));
            st.setString(7, runtime.failureReason());
            st.setTimestamp(8, Timestamp.from(clock.instant()));
            st.executeUpdate();
        }
    }

    /** The migration's row with each side as its sled answered, unless observations already wrote it. */
    private static void insertMigration(Connection c, UUID migrationId, UUID instanceId, UUID sourceVmm, UUID targetVmm,
                                        SledVmmState sourceAnswer, SledVmmState targetAnswer) throws SQLException {
        MigrationRuntimeState out = matching(sourceAnswer.migrationOut(), migrationId);
        MigrationRuntimeState in = matching(targetAnswer.migrationIn(), migrationId);
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO migration (id, instance_id, source_vmm_id, target_vmm_id, source_state, source_gen,
                                       source_time_updated, target_state, target_gen, target_time_updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id,
                                               source_vmm_id = EXCLUDED.source_vmm_id,
                                               target_vmm_id = EXCLUDED.target_vmm_id""")) {
            st.setObject(1, migrationId);
            st.setObject(2, instanceId);
            st.setObject(3, sourceVmm);
            st.setObject(4, targetVmm);
            setSide(st, 5, out);
            setSide(st, 8, in);
            st.executeUpdate();
        }
    }

    private static MigrationRuntimeState matching(MigrationRuntimeState side, UUID migrationId) {
        return side != null && side.migrationId().equals(migrationId) ? side : null;
    }

    private static void setSide(PreparedStatement st, int index, MigrationRuntimeState side) throws SQLException {
        if (side == null) {
            st.setNull(index, Types.VARCHAR);
            st.setLong(index + 1, 0);
            st.setNull(index + 2, Types.TIMESTAMP);
        } else {
            st.setString(index, side.state().name().toLowerCase(Locale.ROOT));
            st.setLong(index + 1, side.gen());
            st.setTimestamp(index + 2, Timestamp.from(side.timeUpdated()));
        }
    }

    // ---- problems --------------------------------------------------------------------------------

    private static ProblemException unavailable(SledUnavailableException e) {
        return new ProblemException(Problem.of(503, e.getMessage()).with("sled_id", e.sledId().toString()));
    }

    private static ProblemException rejected(SledRejectedException e, String action) {
        return switch (e.status()) {
            case 409 -> new ProblemException(Problem.of(409, "the sled refused to " + action + ": " + e.detail())
                    .with("sled_id", e.sledId().toString()));
            case 404 -> new ProblemException(Problem.of(409, "cannot " + action + ": the sled no longer knows the VMM ("
                    + e.detail() + ")").with("sled_id", e.sledId().toString()));
            default -> new ProblemException(Problem.of(502, "the sled rejected the " + action + " request with "
                    + e.status() + ": " + e.detail()).with("sled_id", e.sledId().toString()));
        };
    }
}
