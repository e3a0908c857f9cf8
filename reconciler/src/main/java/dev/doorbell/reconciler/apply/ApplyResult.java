package dev.doorbell.reconciler.apply;

import java.util.List;
import java.util.stream.Stream;

/**
 * What one {@link ObservationApplier#apply} transaction did.
 *
 * @param observations       observations handed in
 * @param vmmRowsChanged     VMM rows inserted or updated by a reported state
 * @param stale              reported states that changed nothing: stale, duplicate, or reduced away by a newer one of the batch
 * @param migrationSidesChanged migration sides inserted or updated
 * @param markedFailed       VMMs the control plane marked failed ({@code no_such_instance}, {@code sled_off}, {@code sled_expunged})
 * @param instancesChanged   instance rows changed by reactions
 * @param refusals           observations refused whole (see {@link ObservationApplier}); each index is into the list
 *                           handed to the {@code apply} call that refused it
 */
public record ApplyResult(int observations, int vmmRowsChanged, int stale, int migrationSidesChanged, int markedFailed,
                          int instancesChanged, List<Refusal> refusals) {

    public static final ApplyResult EMPTY = new ApplyResult(0, 0, 0, 0, 0, 0, List.of());

    public ApplyResult {
        refusals = List.copyOf(refusals);
    }

    /** This result of a one-observation call, its refusals indexed as observation {@code index} of a longer list. */
    ApplyResult reindexed(int index) {
        return new ApplyResult(observations, vmmRowsChanged, stale, migrationSidesChanged, markedFailed, instancesChanged,
                refusals.stream().map(r -> new Refusal(index, r.reason(), r.detail())).toList());
    }

    /** The totals of two transactions. */
    public ApplyResult plus(ApplyResult other) {
        return new ApplyResult(observations + other.observations, vmmRowsChanged + other.vmmRowsChanged, stale + other.stale,
                migrationSidesChanged + other.migrationSidesChanged, markedFailed + other.markedFailed,
                instancesChanged + other.instancesChanged,
                Stream.concat(refusals.stream(), other.refusals.stream()).toList());
    }
}
