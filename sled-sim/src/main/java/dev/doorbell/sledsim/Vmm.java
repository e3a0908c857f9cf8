package dev.doorbell.sledsim;

import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.SledVmmState;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable snapshot of one simulated VMM: what the sled reports ({@code state}) plus what the
 * simulator needs to take the next step. A sled replaces snapshots atomically; readers see either
 * the old or the new one, never a mix.
 *
 * @param id             the VMM (propolis) id
 * @param instanceId     the instance this VMM runs
 * @param state          the reported state
 * @param startRequested whether a {@code starting} VMM has been asked to run
 * @param role           its part in the current or last migration
 * @param peerVmmId      the other side of that migration, or null
 * @param peerSledUrl    the base URL of the other side's sled, if known (null: same JVM or unknown)
 * @param terminalAt     when it entered a terminal state, or null
 * @param version        bumped on every replacement (observable or not); scheduled steps carry it
 *                       so that a stale one does nothing
 */
public record Vmm(UUID id, UUID instanceId, SledVmmState state, boolean startRequested, MigrationRole role,
                  UUID peerVmmId, URI peerSledUrl, Instant terminalAt, long version) {

    public Vmm {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(role, "role");
    }

    public boolean isTerminal() {
        return state.vmmState().state().isTerminal();
    }

    /** @return the migration this VMM takes part in on its side, per its role, or null */
    public MigrationRuntimeState migration() {
        return switch (role) {
            case SOURCE -> state.migrationOut();
            case TARGET -> state.migrationIn();
            case NONE -> null;
        };
    }

    Vmm withState(SledVmmState newState) {
        Instant terminal = terminalAt;
        if (terminal == null && newState.vmmState().state().isTerminal()) {
            terminal = newState.vmmState().timeUpdated();
        }
        return new Vmm(id, instanceId, newState, startRequested, role, peerVmmId, peerSledUrl, terminal, version);
    }

    Vmm withStartRequested() {
        return new Vmm(id, instanceId, state, true, role, peerVmmId, peerSledUrl, terminalAt, version);
    }

    Vmm withMigration(MigrationRole newRole, UUID peer, URI peerSled) {
        return new Vmm(id, instanceId, state, startRequested, newRole, peer, peerSled, terminalAt, version);
    }

    Vmm withVersion(long newVersion) {
        return new Vmm(id, instanceId, state, startRequested, role, peerVmmId, peerSledUrl, terminalAt, newVersion);
    }
}
