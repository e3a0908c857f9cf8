package dev.doorbell.sledsim;

import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The VMM state machine as pure functions of a snapshot and the time: each returns the next
 * snapshot, the same instance when nothing changes, or throws {@link IllegalTransitionException}.
 *
 * <p>Generation rule, as omicron's sled-agent numbers them ({@code sled-agent/src/common/instance.rs}):
 * a VMM created by ensure starts at {@code vmm_state.gen} {@value #FIRST_VMM_GEN} (the control plane
 * created its row at gen 1, so the sled's first report is already news); a migration target's
 * {@code migration_in} starts {@code pending} at gen {@value #FIRST_MIGRATION_IN_GEN}; a source's
 * {@code migration_out} is first reported at gen {@value #FIRST_MIGRATION_OUT_GEN} (ahead of the
 * migration record the control plane created at gen 1). After that {@code vmm_state.gen} grows by
 * exactly 1 whenever the VMM runtime state changes, and each migration's {@code gen} by exactly 1
 * whenever that migration changes; each change stamps {@code time_updated} with the given time.
 * Terminal states never change again.
 *
 * <pre>
 * ensure            -> starting                  ensure as migration target -> migrating, in: pending
 * running request   starting (step) -> running
 * stopped request   starting|running|rebooting -> stopping (step) -> stopped (step) -> destroyed
 * reboot request    running -> rebooting (step) -> running
 * migrate_out       running -> migrating, out: pending
 * migration steps   pending -> in_progress -> completed; then source destroyed, target running
 * fault             any non-terminal -> failed(reason); an active migration -> failed
 * peer failed       source: migration failed, back to running; target: migration failed, destroyed
 * </pre>
 */
public final class VmmLifecycle {
    /** The reason a crash reports by default. */
    public static final String PROPOLIS_CRASHED = "propolis_crashed";
    /** {@code vmm_state.gen} of a newly ensured VMM. */
    public static final long FIRST_VMM_GEN = 2;
    /** {@code migration_in.gen} of a newly ensured migration target. */
    public static final long FIRST_MIGRATION_IN_GEN = 1;
    /** {@code migration_out.gen} when a source first reports its migration. */
    public static final long FIRST_MIGRATION_OUT_GEN = 2;

    private VmmLifecycle() {
    }

    /** A new VMM: {@code starting}, or {@code migrating} with a pending {@code migration_in} for a target. */
    public static Vmm create(UUID id, EnsureRequest request, Instant now) {
        MigrationSource source = request.migrationSource();
        if (source == null) {
            SledVmmState state = new SledVmmState(new VmmRuntimeState(VmmState.STARTING, FIRST_VMM_GEN, now));
            return new Vmm(id, request.instanceId(), state, false, MigrationRole.NONE, null, null, null, 0);
        }
        SledVmmState state = new SledVmmState(new VmmRuntimeState(VmmState.MIGRATING, FIRST_VMM_GEN, now),
                new MigrationRuntimeState(source.migrationId(), MigrationState.PENDING, FIRST_MIGRATION_IN_GEN, now), null);
        return new Vmm(id, request.instanceId(), state, false, MigrationRole.TARGET, source.sourceVmmId(),
                source.sourceSledUrl(), null, 0);
    }

    /** Applies a requested state change. */
    public static Vmm request(Vmm vmm, StateRequest request, Instant now) {
        VmmState current = vmm.state().vmmState().state();
        if (vmm.isTerminal()) {
            if (request.requested() == RequestedState.STOPPED) {
                return vmm; // already as stopped as it gets
            }
            throw rejected(request, current);
        }
        return switch (request.requested()) {
            case RUNNING -> switch (current) {
                case STARTING -> vmm.startRequested() ? vmm : vmm.withStartRequested();
                case RUNNING, REBOOTING -> vmm;
                case MIGRATING -> {
                    if (vmm.role() == MigrationRole.TARGET) {
                        yield vmm; // it will run once the migration completes
                    }
                    throw rejected(request, current);
                }
                default -> throw rejected(request, current);
            };
            case STOPPED -> switch (current) {
                case STARTING, RUNNING, REBOOTING -> vmmTo(vmm, VmmState.STOPPING, now, null);
                case STOPPING, STOPPED -> vmm;
                default -> throw rejected(request, current);
            };
            case REBOOT -> switch (current) {
                case RUNNING -> vmmTo(vmm, VmmState.REBOOTING, now, null);
                case REBOOTING -> vmm;
                default -> throw rejected(request, current);
            };
            case MIGRATE_OUT -> migrateOut(vmm, request, now);
        };
    }

    private static Vmm migrateOut(Vmm vmm, StateRequest request, Instant now) {
        VmmState current = vmm.state().vmmState().state();
        if (current == VmmState.MIGRATING && vmm.role() == MigrationRole.SOURCE
                && vmm.state().migrationOut().migrationId().equals(request.migrationId())) {
            return vmm; // the same request again
        }
        if (current != VmmState.RUNNING) {
            throw rejected(request, current);
        }
        MigrationRuntimeState out = new MigrationRuntimeState(request.migrationId(), MigrationState.PENDING,
                FIRST_MIGRATION_OUT_GEN, now);
        SledVmmState next = new SledVmmState(vmm.state().vmmState().next(VmmState.MIGRATING, now, null), null, out);
        return vmm.withState(next).withMigration(MigrationRole.SOURCE, request.targetVmmId(), request.targetSledUrl());
    }

    /** @return the snapshot after the next automatic step, or empty if there is none to take */
    public static Optional<Vmm> step(Vmm vmm, Instant now) {
        VmmState current = vmm.state().vmmState().state();
        return switch (current) {
            case STARTING -> vmm.startRequested() ? Optional.of(vmmTo(vmm, VmmState.RUNNING, now, null)) : Optional.empty();
            case REBOOTING -> Optional.of(vmmTo(vmm, VmmState.RUNNING, now, null));
            case STOPPING -> Optional.of(vmmTo(vmm, VmmState.STOPPED, now, null));
            case STOPPED -> Optional.of(vmmTo(vmm, VmmState.DESTROYED, now, null));
            case MIGRATING -> stepMigration(vmm, now);
            case RUNNING, FAILED, DESTROYED -> Optional.empty();
        };
    }

    /** @return whether {@link #step} would change anything */
    public static boolean hasNextStep(Vmm vmm) {
        return step(vmm, Instant.EPOCH).isPresent();
    }

    private static Optional<Vmm> stepMigration(Vmm vmm, Instant now) {
        MigrationRuntimeState migration = vmm.migration();
        if (migration == null) {
            return Optional.empty();
        }
        return switch (migration.state()) {
            case PENDING -> Optional.of(withMigration(vmm, migration.next(MigrationState.IN_PROGRESS, now), vmm.state().vmmState()));
            case IN_PROGRESS -> {
                VmmState end = vmm.role() == MigrationRole.SOURCE ? VmmState.DESTROYED : VmmState.RUNNING;
                yield Optional.of(withMigration(vmm, migration.next(MigrationState.COMPLETED, now),
                        vmm.state().vmmState().next(end, now, null)));
            }
            case COMPLETED, FAILED -> Optional.empty();
        };
    }

    /** A crash: {@code failed} with {@code reason}; an active migration on this side fails too. */
    public static Vmm fault(Vmm vmm, String reason, Instant now) {
        if (vmm.isTerminal()) {
            return vmm;
        }
        VmmRuntimeState failed = vmm.state().vmmState().next(VmmState.FAILED, now, reason);
        MigrationRuntimeState migration = vmm.migration();
        if (migration != null && !migration.state().isTerminal()) {
            return withMigration(vmm, migration.next(MigrationState.FAILED, now), failed);
        }
        return vmm.withState(new SledVmmState(failed, vmm.state().migrationIn(), vmm.state().migrationOut()));
    }

    /** @return whether this VMM's side of a migration is still pending or in progress */
    public static boolean migrationActive(Vmm vmm) {
        MigrationRuntimeState migration = vmm.migration();
        return migration != null && !migration.state().isTerminal();
    }

    /**
     * The other side of migration {@code migrationId} failed: the source resumes {@code running},
     * the target is {@code destroyed}. Nothing changes unless that migration is active here.
     */
    public static Vmm peerFailed(Vmm vmm, UUID migrationId, Instant now) {
        MigrationRuntimeState migration = vmm.migration();
        if (vmm.isTerminal() || migration == null || migration.state().isTerminal()
                || !migration.migrationId().equals(migrationId)) {
            return vmm;
        }
        VmmState end = vmm.role() == MigrationRole.SOURCE ? VmmState.RUNNING : VmmState.DESTROYED;
        return withMigration(vmm, migration.next(MigrationState.FAILED, now), vmm.state().vmmState().next(end, now, null));
    }

    private static Vmm withMigration(Vmm vmm, MigrationRuntimeState migration, VmmRuntimeState runtime) {
        SledVmmState s = vmm.state();
        SledVmmState next = vmm.role() == MigrationRole.SOURCE
                ? new SledVmmState(runtime, s.migrationIn(), migration)
                : new SledVmmState(runtime, migration, s.migrationOut());
        return vmm.withState(next);
    }

    private static Vmm vmmTo(Vmm vmm, VmmState state, Instant now, String reason) {
        SledVmmState s = vmm.state();
        return vmm.withState(new SledVmmState(s.vmmState().next(state, now, reason), s.migrationIn(), s.migrationOut()));
    }

    private static IllegalTransitionException rejected(StateRequest request, VmmState current) {
        return new IllegalTransitionException("cannot request " + request.requested().wireName()
                + " while the VMM is " + current.wireName());
    }
}
