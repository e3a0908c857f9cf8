package dev.doorbell.reconciler.audit;

import java.util.Objects;
import java.util.UUID;

/**
 * A sled the audit could not ask (unreachable, failed, not speaking the bulk API, expunged): its VMMs
 * are left unchecked, not counted as diverged.
 *
 * @param sled      the sled
 * @param address   its registered address (may be null)
 * @param reason    why, in words
 * @param unchecked how many of its VMMs were left unchecked
 */
public record UnaskedSled(UUID sled, String address, String reason, long unchecked) {

    public UnaskedSled {
        Objects.requireNonNull(sled, "sled");
        Objects.requireNonNull(reason, "reason");
    }
}
