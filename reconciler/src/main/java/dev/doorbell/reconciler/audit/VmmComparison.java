package dev.doorbell.reconciler.audit;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.reconciler.read.VmmView;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The audit's rule for one VMM: its database row against what its sled answered. Pure; no I/O.
 * <ul>
 *   <li>the sled knows it at the row's generation and state: in sync (a {@code creating} row at the
 *       sled's generation too);</li>
 *   <li>the sled knows a greater generation: {@link VmmDifference.Kind#BEHIND}, for now minus the sled's
 *       {@code time_updated};</li>
 *   <li>the row is at a greater generation, or at the same one in another state:
 *       {@link VmmDifference.Kind#CONFLICT}, diverged at once (the pipeline never moves a row back);</li>
 *   <li>the sled does not know it: in sync if the row is {@code failed} or {@code destroyed} (a sled
 *       forgets ended VMMs; a VMM its sled no longer has is marked {@code failed}, {@code no_such_instance},
 *       by omicron's rules) or {@code creating} (no sled need know it yet); otherwise
 *       {@link VmmDifference.Kind#GONE}, for now minus the row's last observation.</li>
 * </ul>
 * A behind or gone VMM is diverged once that time exceeds the grace period.
 */
public final class VmmComparison {

    private static final String CREATING = "creating";

    private VmmComparison() {}

    /**
     * @param row     the database's row
     * @param onSled  the sled's answer for it, or null if the sled said it does not know it
     * @param now     the time of the comparison (after the sled answered)
     * @param grace   how long a behind or gone VMM may stay so before it counts as diverged
     * @return the difference, empty when in sync
     */
    public static Optional<VmmDifference> compare(VmmView row, SledVmmState onSled, Instant now, Duration grace) {
        if (onSled == null) {
            return gone(row, now, grace);
        }
        VmmRuntimeState sled = onSled.vmmState();
        String sledState = sled.state().wireName();
        if (sled.gen() == row.gen() && (sledState.equals(row.state()) || CREATING.equals(row.state()))) {
            return Optional.empty();
        }
        if (sled.gen() > row.gen()) {
            Duration age = nonNegative(Duration.between(sled.timeUpdated(), now));
            return Optional.of(new VmmDifference(row.id(), row.sledId(), VmmDifference.Kind.BEHIND, row.state(), row.gen(),
                    sledState, sled.gen(), age, age.compareTo(grace) > 0));
        }
        return Optional.of(new VmmDifference(row.id(), row.sledId(), VmmDifference.Kind.CONFLICT, row.state(), row.gen(),
                sledState, sled.gen(), null, true));
    }

    /** Whether a row may rightly be unknown to its sled. */
    public static boolean mayBeUnknownToSled(String dbState) {
        return CREATING.equals(dbState) || VmmState.isTerminal(dbState);
    }

    private static Optional<VmmDifference> gone(VmmView row, Instant now, Duration grace) {
        if (mayBeUnknownToSled(row.state())) {
            return Optional.empty();
        }
        Instant since = row.lastObservedAt() != null ? row.lastObservedAt() : row.timeStateUpdated();
        Duration age = since == null ? null : nonNegative(Duration.between(since, now));
        boolean diverged = age == null || age.compareTo(grace) > 0;
        return Optional.of(new VmmDifference(row.id(), row.sledId(), VmmDifference.Kind.GONE, row.state(), row.gen(),
                null, null, age, diverged));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
