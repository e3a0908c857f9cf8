package dev.doorbell.cli.demo;

import java.time.Instant;
import java.util.UUID;

/**
 * A state observation read from {@code vmm.states} whose outcome is a {@code SledVmmState}.
 *
 * @param changedAt   the sled's {@code time_updated} of the VMM state
 * @param firstRungAt the first doorbell collapsed into this fetch (null for a control response)
 * @param observedAt  when the state was obtained (the fetch or control call completed)
 * @param written     the record's Kafka timestamp
 */
public record Observed(UUID vmm, String state, long gen, Instant changedAt, String source, long rings, Instant firstRungAt,
                       Instant observedAt, Instant written) {

    /** Whether it came through the doorbell path (ring → fetch) rather than a control call's answer. */
    public boolean fetched() {
        return "fetch".equals(source);
    }
}
