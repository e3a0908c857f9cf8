package dev.doorbell.reconciler.audit;

import dev.doorbell.model.VmmStatesRequest;
import dev.doorbell.reconciler.read.PageRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * How an audit runs.
 *
 * @param grace       how long a VMM may be behind its sled (or gone from it) before it counts as diverged
 * @param concurrency sleds audited at once (1 or more)
 * @param pageSize    VMMs read per page and asked of their sled per request (1..1,000)
 */
public record AuditSettings(Duration grace, int concurrency, int pageSize) {

    /** The defaults: 10 s grace, 4 sleds at a time, pages of 1,000. */
    public static final AuditSettings DEFAULTS = new AuditSettings(Duration.ofSeconds(10), 4, VmmStatesRequest.MAX_IDS);

    public AuditSettings {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period must not be negative, was " + grace);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        int most = Math.min(VmmStatesRequest.MAX_IDS, PageRequest.MAX_LIMIT);
        if (pageSize < 1 || pageSize > most) {
            throw new IllegalArgumentException("page size must be 1.." + most + ", was " + pageSize);
        }
    }

    public AuditSettings withGrace(Duration value) {
        return new AuditSettings(value, concurrency, pageSize);
    }

    public AuditSettings withConcurrency(int value) {
        return new AuditSettings(grace, value, pageSize);
    }
}
