package dev.doorbell.cli.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One VMM state change and the path it took to the database.
 *
 * @param label     what the demo calls the VMM's instance
 * @param changedAt the sled's {@code time_updated}
 * @param rungAt    when the doorbell for it rang; null when it arrived as a control call's answer
 * @param fetchedAt when the state was obtained ({@code observed_at})
 * @param appliedAt when the read API first showed it; null if never seen
 * @param rings     doorbells collapsed into the fetch
 */
public record TimelineEntry(String label, UUID vmm, String state, long gen, Instant changedAt, Instant rungAt,
                            Instant fetchedAt, Instant appliedAt, boolean fetched, long rings) {

    public Optional<Duration> changeToRing() {
        return between(changedAt, rungAt);
    }

    public Optional<Duration> ringToFetch() {
        return between(rungAt, fetchedAt);
    }

    /** Change → obtained: for a control response, the whole hop before it was published. */
    public Optional<Duration> changeToFetch() {
        return between(changedAt, fetchedAt);
    }

    public Optional<Duration> fetchToApplied() {
        return between(fetchedAt, appliedAt);
    }

    public Optional<Duration> total() {
        return between(changedAt, appliedAt);
    }

    private static Optional<Duration> between(Instant from, Instant to) {
        return from == null || to == null ? Optional.empty() : Optional.of(Duration.between(from, to));
    }
}
