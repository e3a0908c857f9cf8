package dev.doorbell.reconciler.control;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.reconciler.apply.Observation;
import dev.doorbell.reconciler.apply.ObservationApplier;
import dev.doorbell.reconciler.control.InstanceRows.InstanceRow;
import dev.doorbell.reconciler.control.InstanceRows.SledRow;
import dev.doorbell.reconciler.control.InstanceRows.VmmRow;
import dev.doorbell.reconciler.read.InstanceView;
import dev.doorbell.reconciler.read.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance create, start, stop, reboot and migrate: the control plane's calls into sled-agents,
 * shaped as omicron's start and migrate sagas.
 *
 * <p>Contract:
 * <ul>
 *   <li><b>Rows first.</b> {@code start} inserts the new VMM's row ({@code creating}, generation 1,
 *       linked as the instance's active VMM) and commits <em>before</em> it publishes the placement
 *       and calls the sled; {@code migrate} likewise inserts the target VMM's row ({@code creating},
 *       generation 1), the migration row (both sides {@code pending}, generation 1) and links both
 *       on the instance. Observations only ever move these rows forward (the applier refuses
 *       observations of rows that do not exist), and a sled's first report (generation 2 after
 *       ensure) is always newer.</li>
 *   <li><b>Serialized per instance.</b> Each call locks the instance row
 *       ({@code SELECT ... FOR UPDATE}) to check and write. A start or migrate also takes omicron's
 *       updater lock ({@code instance.updater_id}) in its first transaction and releases it when its
 *       outcome is recorded or unwound, so any control call on the instance meanwhile gets 409. Stop
 *       and reboot hold the row lock across their sled call, whose time is bounded by
 *       {@link ControlSettings}. (A reconciler that dies mid-call leaves the updater lock set; as in
 *       omicron before saga recovery, clearing it is an operator's job.)</li>
 *   <li><b>Unwinding.</b> If publishing the placement or a sled call fails, a start is undone: the
 *       instance is unlinked and gets back its previous state (so it can be started again), and the
 *       VMM row is deleted if it is still {@code creating} (no sled ever reported it). If the sled
 *       had already registered the VMM, the row stays (unlinked, so observations still apply to it)
 *       and the sled is asked, best effort, to stop it. A migrate is undone alike: the instance's
 *       target and migration are cleared; the target row and the migration row are deleted while
 *       the target is still {@code creating}, otherwise they stay and the target is told that its
 *       migration failed.</li>
 *   <li><b>Sled errors</b> (omicron's {@code SledAgentInstanceError}): a {@code 404 NO_SUCH_INSTANCE}
 *       to a stop, reboot or migrate means the sled no longer has the VMM: the VMM is marked
 *       {@code failed} ({@code no_such_instance}, generation + 1) and the instance updated, and the
 *       call fails with {@link ControlCallException.VmmGone}; any other failure is
 *       {@link ControlCallException.SledUnreachable}, {@link ControlCallException.SledTimedOut},
 *       {@link ControlCallException.SledRefused} (a sled's 409) or
 *       {@link ControlCallException.SledFailed}. The HTTP mapping is {@link ControlApi}'s.</li>
 *   <li>After success each sled answer is applied at once through the {@link ObservationApplier}
 *       (as Nexus applies what a sled-agent call returns) and published as a {@code control-response}
 *       observation, which the consumer applies again, harmlessly.</li>
 * </ul>
 * Thread-safe.
 */
public final class InstanceLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceLifecycle.class);
    /** Omicron's resource names: lowercase letters, digits and hyphens, starting with a letter, at most 63. */
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String UNIQUE_VIOLATION = "23505";
    /** The {@code last_source} of states a control call's sled answered (the observation source's DESIGN name). */
    private static final String CONTROL_RESPONSE = "control-response";

    private final DataSource dataSource;
    private final DirectoryWriter directory;
    private final SledAgentClient sleds;
    private final ControlResponses responses;
    private final ControlSettings settings;
    private final Clock clock;
    private final ReadModel reads;
    private final ObservationApplier applier;

    public InstanceLifecycle(DataSource dataSource, DirectoryWriter directory, SledAgentClient sleds,
                             ControlResponses responses, ControlSettings settings, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.sleds = Objects.requireNonNull(sleds, "sleds");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reads = new ReadModel(dataSource);
        this.applier = new ObservationApplier(dataSource);
    }

    /** Creates an instance in {@code no_vmm}. 400 for an invalid name, 409 if the name is taken. */
    public InstanceView create(InstanceCreate body) throws SQLException {
        String name = body.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw ControlRefusal.invalid("name must be 1 to 63 lowercase letters, digits and hyphens, "
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
                throw ControlRefusal.conflict("an instance named '" + name + "' exists");
            }
            throw e;
        }
        LOG.atInfo().addKeyValue("instance", id).log("instance created");
        return reads.instance(id).orElseThrow();
    }

    /**
     * Starts the instance on {@code sledId}, or on the active sled with the fewest VMMs it may hold:
     * a new VMM row is committed, the VMM placed, ensured on the sled and asked to run. 404 unknown
     * instance or sled, 409 if it has an active VMM or the sled is not active, 503 if no sled is
     * active; a sled failure unwinds (see the class contract) and throws {@link ControlCallException}.
     */
    public InstanceAction start(UUID instanceId, Optional<UUID> sledId) throws SQLException {
        Placed placed = Transactions.inTransaction(dataSource, c -> {
            InstanceRow instance = InstanceRows.lockInstance(c, instanceId);
            requireNoUpdater(instance, instanceId, "start");
            if (instance.activeVmmId() != null) {
                throw ControlRefusal.conflict("instance " + instanceId + " already has an active VMM " + instance.activeVmmId());
            }
            if ("destroyed".equals(instance.state())) {
                throw ControlRefusal.conflict("instance " + instanceId + " is destroyed");
            }
            SledRow sled = sledId.isPresent() ? InstanceRows.activeSled(c, sledId.get()) : InstanceRows.leastLoadedSled(c);
            UUID vmmId = UUID.randomUUID();
            InstanceRows.insertVmm(c, vmmId, instanceId, sled.id(), clock.instant());
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE instance SET state = 'vmm', active_vmm_id = ?, failure_reason = NULL, updater_id = ?,
                        time_state_updated = now()
                    WHERE id = ?""")) {
                st.setObject(1, vmmId);
                st.setObject(2, vmmId); // the start's own id: the VMM it creates
                st.setObject(3, instanceId);
                st.executeUpdate();
            }
            return new Placed(vmmId, sled.endpoint(), instance);
        });
        UUID vmmId = placed.vmmId();
        SledEndpoint endpoint = placed.sled();
        boolean ensured = false;
        SledVmmState answer;
        try {
            Acknowledgements.await(directory.publishPlacement(vmmId, endpoint.sledId()), settings.publishTimeout(),
                    "the placement of VMM " + vmmId);
            sleds.ensure(endpoint, vmmId, new EnsureBody(instanceId, null));
            ensured = true;
            answer = sleds.requestState(endpoint, vmmId, StateChangeBody.RUNNING);
        } catch (SledUnavailableException e) {
            unwindStart(instanceId, placed, ensured);
            throw unavailable(e);
        } catch (SledRejectedException e) {
            unwindStart(instanceId, placed, ensured);
            throw rejected(e, "start");
        } catch (RuntimeException e) {
            unwindStart(instanceId, placed, ensured);
            throw e;
        }
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("vmm", vmmId).addKeyValue("sled", endpoint.sledId())
                .addKeyValue("gen", answer.vmmState().gen()).log("instance started");
        record(new Called(vmmId, endpoint, answer));
        releaseUpdater(instanceId, vmmId);
        return new InstanceAction(reads.instance(instanceId).orElseThrow(), vmmId, endpoint.sledId(), answer);
    }

    /** Undoes a start whose placement or sled call failed; see the class contract. */
    private void unwindStart(UUID instanceId, Placed placed, boolean ensured) throws SQLException {
        Transactions.inTransaction(dataSource, c -> {
            InstanceRows.lockInstance(c, instanceId);
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE instance SET state = ?, failure_reason = ?, active_vmm_id = NULL, time_state_updated = now()
                    WHERE id = ? AND active_vmm_id = ?""")) {
                st.setString(1, placed.before().state());
                st.setString(2, placed.before().failureReason());
                st.setObject(3, instanceId);
                st.setObject(4, placed.vmmId());
                st.executeUpdate(); // no row if an observation already unlinked the VMM (it failed or ended)
            }
            InstanceRows.releaseUpdater(c, instanceId, placed.vmmId());
            if (!ensured) {
                InstanceRows.deleteIfCreating(c, placed.vmmId());
            }
            return null;
        });
        if (ensured) {
            try {
                sleds.requestState(placed.sled(), placed.vmmId(), StateChangeBody.STOPPED);
            } catch (SledUnavailableException | SledRejectedException e) {
                LOG.atWarn().addKeyValue("vmm", placed.vmmId()).addKeyValue("sled", placed.sled().sledId())
                        .log("cannot stop the VMM of an unwound start: {}", e.getMessage());
            }
        }
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("vmm", placed.vmmId()).log("start unwound");
    }

    /** Asks the active VMM to stop. 404 unknown instance, 409 without an active VMM or while it is created; sled errors as the class says. */
    public InstanceAction stop(UUID instanceId) throws SQLException {
        return changeActiveVmm(instanceId, StateChangeBody.STOPPED, "stop");
    }

    /** Asks the active VMM to reboot; as {@link #stop}. */
    public InstanceAction reboot(UUID instanceId) throws SQLException {
        return changeActiveVmm(instanceId, StateChangeBody.REBOOT, "reboot");
    }

    private InstanceAction changeActiveVmm(UUID instanceId, StateChangeBody change, String action) throws SQLException {
        AtomicReference<Called> target = new AtomicReference<>();
        Called called;
        try {
            called = Transactions.inTransaction(dataSource, c -> {
                InstanceRow instance = InstanceRows.lockInstance(c, instanceId);
                requireNoUpdater(instance, instanceId, action);
                if (instance.activeVmmId() == null) {
                    throw ControlRefusal.conflict("cannot " + action + " instance " + instanceId + ": it has no active VMM");
                }
                VmmRow vmm = InstanceRows.vmmRow(c, instance.activeVmmId());
                SledEndpoint endpoint = vmm.sled().endpoint();
                target.set(new Called(vmm.id(), endpoint, null));
                try {
                    return new Called(vmm.id(), endpoint, sleds.requestState(endpoint, vmm.id(), change));
                } catch (SledUnavailableException e) {
                    throw unavailable(e);
                } catch (SledRejectedException e) {
                    if (e.noSuchInstance()) {
                        throw new ControlCallException.VmmGone(endpoint.sledId(), vmm.id(), action);
                    }
                    throw rejected(e, action);
                }
            });
        } catch (ControlCallException.VmmGone gone) {
            markGone(target.get());
            throw gone;
        }
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("vmm", called.vmmId())
                .addKeyValue("gen", called.answer().vmmState().gen()).log("instance {} requested", action);
        record(called);
        return new InstanceAction(reads.instance(instanceId).orElseThrow(), called.vmmId(), called.sled().sledId(),
                called.answer());
    }

    /**
     * What a sled answered, applied at once (as Nexus applies the state a sled-agent call returns,
     * so the caller reads its own write) and published as a {@code control-response} observation
     * (so {@code vmm.states} holds every applied state); the consumer applies the published copy
     * again, harmlessly. A failure to apply is logged, not thrown: the sled has acted, and the
     * published copy, the next doorbell or the sweep brings the state.
     */
    private void record(Called called) {
        SledVmmState answer = called.answer();
        try {
            applier.apply(List.of(new Observation.Reported(called.vmmId(), called.sled().sledId(), clock.instant(),
                    CONTROL_RESPONSE, answer.vmmState(), answer.migrationIn(), answer.migrationOut())));
        } catch (SQLException e) {
            LOG.atWarn().addKeyValue("vmm", called.vmmId()).log("sled answer not applied now; its observation will be: {}",
                    e.toString());
        }
        responses.publish(called.vmmId(), called.sled(), answer);
    }

    /**
     * The sled said {@code NO_SUCH_INSTANCE}: applies that as the applier applies a fetched
     * {@code NoSuchVmm} (failed, {@code no_such_instance}, generation + 1, instance updated, in one
     * transaction) and publishes it, so a rebuild sees it too.
     */
    private void markGone(Called vmm) throws SQLException {
        applier.apply(List.of(new Observation.NoSuchVmm(vmm.vmmId(), vmm.sled().sledId(), clock.instant(), CONTROL_RESPONSE)));
        responses.publishNoSuchVmm(vmm.vmmId(), vmm.sled());
        LOG.atWarn().addKeyValue("vmm", vmm.vmmId()).addKeyValue("sled", vmm.sled().sledId())
                .log("the sled no longer has the VMM; marked failed (no_such_instance)");
    }

    /**
     * Live-migrates the instance's active VMM to a new VMM on {@code targetSledId}: the target VMM
     * and migration rows are committed, the target placed and ensured as a migration target, then
     * the source asked to migrate out. 404 unknown instance or sled, 409 without an active VMM,
     * while starting or migrating, to its own sled or to an inactive sled; a sled failure unwinds
     * (see the class contract) and throws {@link ControlCallException}.
     */
    public MigrationStarted migrate(UUID instanceId, UUID targetSledId) throws SQLException {
        PlannedMigration m = Transactions.inTransaction(dataSource, c -> {
            InstanceRow instance = InstanceRows.lockInstance(c, instanceId);
            requireNoUpdater(instance, instanceId, "migrate");
            UUID sourceVmm = instance.activeVmmId();
            if (sourceVmm == null) {
                throw ControlRefusal.conflict("cannot migrate instance " + instanceId + ": it has no active VMM");
            }
            if (instance.targetVmmId() != null || instance.migrationId() != null) {
                throw ControlRefusal.conflict("instance " + instanceId + " is already migrating (migration "
                        + instance.migrationId() + ")");
            }
            VmmRow source = InstanceRows.vmmRow(c, sourceVmm);
            SledRow targetSled = InstanceRows.activeSled(c, targetSledId);
            if (targetSled.id().equals(source.sled().id())) {
                throw ControlRefusal.conflict("instance " + instanceId + " already runs on sled " + targetSledId);
            }
            UUID targetVmm = UUID.randomUUID();
            UUID migrationId = UUID.randomUUID();
            InstanceRows.insertVmm(c, targetVmm, instanceId, targetSled.id(), clock.instant());
            InstanceRows.insertMigration(c, migrationId, instanceId, sourceVmm, targetVmm, clock.instant());
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE instance SET target_vmm_id = ?, migration_id = ?, updater_id = ?, time_state_updated = now()
                    WHERE id = ?""")) {
                st.setObject(1, targetVmm);
                st.setObject(2, migrationId);
                st.setObject(3, migrationId); // the migrate's own id
                st.setObject(4, instanceId);
                st.executeUpdate();
            }
            return new PlannedMigration(migrationId, sourceVmm, source.sled().endpoint(), targetVmm, targetSled.endpoint());
        });
        boolean ensured = false;
        SledVmmState targetAnswer;
        SledVmmState sourceAnswer;
        try {
            Acknowledgements.await(directory.publishPlacement(m.targetVmm(), m.target().sledId()), settings.publishTimeout(),
                    "the placement of VMM " + m.targetVmm());
            targetAnswer = sleds.ensure(m.target(), m.targetVmm(),
                    new EnsureBody(instanceId, new EnsureBody.Source(m.id(), m.sourceVmm(), m.source().address())));
            ensured = true;
            sourceAnswer = sleds.requestState(m.source(), m.sourceVmm(),
                    StateChangeBody.migrateOut(m.id(), m.targetVmm(), m.target().address()));
        } catch (SledUnavailableException e) {
            unwindMigration(instanceId, m, ensured);
            throw unavailable(e);
        } catch (SledRejectedException e) {
            unwindMigration(instanceId, m, ensured);
            if (ensured && e.noSuchInstance()) {
                markGone(new Called(m.sourceVmm(), m.source(), null));
                throw new ControlCallException.VmmGone(m.source().sledId(), m.sourceVmm(), "migrate");
            }
            throw rejected(e, "migrate");
        } catch (RuntimeException e) {
            unwindMigration(instanceId, m, ensured);
            throw e;
        }
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("migration", m.id())
                .addKeyValue("vmm", m.sourceVmm()).addKeyValue("target_vmm", m.targetVmm()).log("migration started");
        record(new Called(m.targetVmm(), m.target(), targetAnswer));
        record(new Called(m.sourceVmm(), m.source(), sourceAnswer));
        releaseUpdater(instanceId, m.id());
        return new MigrationStarted(reads.instance(instanceId).orElseThrow(), m.id(), m.sourceVmm(), m.targetVmm(),
                m.target().sledId(), sourceAnswer, targetAnswer);
    }

    /** Undoes a migrate whose placement or sled call failed; see the class contract. */
    private void unwindMigration(UUID instanceId, PlannedMigration m, boolean ensured) throws SQLException {
        Transactions.inTransaction(dataSource, c -> {
            InstanceRows.lockInstance(c, instanceId);
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE instance SET target_vmm_id = CASE WHEN migration_id = ? THEN NULL ELSE target_vmm_id END,
                        migration_id = CASE WHEN migration_id = ? THEN NULL ELSE migration_id END,
                        updater_id = NULL, time_state_updated = now()
                    WHERE id = ? AND updater_id = ?""")) {
                st.setObject(1, m.id());
                st.setObject(2, m.id());
                st.setObject(3, instanceId);
                st.setObject(4, m.id());
                st.executeUpdate();
            }
            if (!ensured && InstanceRows.deleteIfCreating(c, m.targetVmm())) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM migration WHERE id = ?")) {
                    st.setObject(1, m.id());
                    st.executeUpdate();
                }
            }
            return null;
        });
        if (ensured) {
            abandonTarget(m.target(), m.targetVmm(), m.id());
        }
        LOG.atInfo().addKeyValue("instance", instanceId).addKeyValue("migration", m.id()).log("migration unwound");
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

    // ---- what a call carries ------------------------------------------------------------------

    private record Called(UUID vmmId, SledEndpoint sled, SledVmmState answer) {}

    /** A start's committed VMM row, where it is placed, and the instance as it was before (to unwind to). */
    private record Placed(UUID vmmId, SledEndpoint sled, InstanceRow before) {}

    private record PlannedMigration(UUID id, UUID sourceVmm, SledEndpoint source, UUID targetVmm, SledEndpoint target) {}

    private static void requireNoUpdater(InstanceRow instance, UUID instanceId, String action) {
        if (instance.updaterId() != null) {
            throw ControlRefusal.conflict("cannot " + action + " instance " + instanceId
                    + ": a start or migration of it is in progress");
        }
    }

    /** Releases the updater lock {@code updaterId} took; a no-op if an unwind or operator already did. */
    private void releaseUpdater(UUID instanceId, UUID updaterId) throws SQLException {
        Transactions.inTransaction(dataSource, c -> InstanceRows.releaseUpdater(c, instanceId, updaterId));
    }

    // ---- failures --------------------------------------------------------------------------------

    private static ControlCallException unavailable(SledUnavailableException e) {
        return switch (e.kind()) {
            case UNREACHABLE -> new ControlCallException.SledUnreachable(e.sledId(), e.getMessage(), e);
            case TIMED_OUT -> new ControlCallException.SledTimedOut(e.sledId(), e.getMessage(), e);
            case FAILED -> new ControlCallException.SledFailed(e.sledId(), e.getMessage(), e);
        };
    }

    private static ControlCallException rejected(SledRejectedException e, String action) {
        if (e.status() == 409) {
            return new ControlCallException.SledRefused(e.sledId(), "the sled refused to " + action + ": " + e.detail());
        }
        return new ControlCallException.SledFailed(e.sledId(), "the sled rejected the " + action + " request with "
                + e.status() + (e.errorCode() == null ? "" : " " + e.errorCode()) + ": " + e.detail(), e);
    }
}
