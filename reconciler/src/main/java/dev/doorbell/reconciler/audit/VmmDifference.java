package dev.doorbell.reconciler.audit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One VMM whose database row is not what its sled says.
 *
 * @param vmm       the VMM
 * @param sled      the sled the database places it on
 * @param kind      how they differ
 * @param dbState   the row's state ({@code creating}, {@code running}, ...)
 * @param dbGen     the row's generation
 * @param sledState the sled's state; null when the sled does not know the VMM
 * @param sledGen   the sled's generation; null when the sled does not know the VMM
 * @param age       how long the difference has stood: for {@link Kind#BEHIND} now minus the sled's
 *                  {@code time_updated}, for {@link Kind#GONE} now minus the row's last observation;
 *                  null when unknown ({@link Kind#CONFLICT})
 * @param diverged  whether it counts against the fleet: older than the grace period, or a conflict
 */
public record VmmDifference(UUID vmm, UUID sled, Kind kind, String dbState, long dbGen, String sledState, Long sledGen,
                            Duration age, boolean diverged) {

    /** How a row differs from its sled. */
    public enum Kind {
        /** The sled has a newer generation: the pipeline has yet to apply it. */
        BEHIND,
        /**
         * The sled no longer knows the VMM while the row still shows it active (neither {@code failed},
         * {@code destroyed} nor {@code creating}): omicron's watcher would mark it failed
         * ({@code no_such_instance}).
         */
        GONE,
        /**
         * The row is ahead of the sled (a greater generation, or the same one in another state):
         * the pipeline never moves a row back, so this does not heal.
         */
        CONFLICT;

        /** Lower-case, as printed. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public VmmDifference {
        Objects.requireNonNull(vmm, "vmm");
        Objects.requireNonNull(kind, "kind");
    }

    /** @return {@link #age()} if known */
    public Optional<Duration> knownAge() {
        return Optional.ofNullable(age);
    }
}
