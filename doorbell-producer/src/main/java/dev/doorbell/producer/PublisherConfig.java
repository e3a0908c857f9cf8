package dev.doorbell.producer;

import dev.doorbell.model.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Settings of a {@link DoorbellPublisher}.
 *
 * @param sledId the sled this publisher rings for, sent in the {@code sled-id} header (empty for non-sled publishers)
 * @param defaultSource the source of {@link DoorbellPublisher#ring(UUID)}
 * @param initialRetryBackoff delay before re-sending a VMM whose send failed; doubles per consecutive failure, jittered ({@link Backoff})
 * @param maxRetryBackoff cap of that delay
 */
public record PublisherConfig(Optional<UUID> sledId, DoorbellSource defaultSource, Duration initialRetryBackoff, Duration maxRetryBackoff) {
    public PublisherConfig {
        Objects.requireNonNull(sledId, "sledId");
        Objects.requireNonNull(defaultSource, "defaultSource");
        if (initialRetryBackoff.isNegative() || initialRetryBackoff.isZero()) {
            throw new IllegalArgumentException("initialRetryBackoff must be positive");
        }
        if (maxRetryBackoff.compareTo(initialRetryBackoff) < 0) {
            throw new IllegalArgumentException("maxRetryBackoff must be at least initialRetryBackoff");
        }
    }

    /** A sled's publisher with default back-off (100 ms doubling to 5 s). */
    public static PublisherConfig forSled(UUID sledId) {
        return new PublisherConfig(Optional.of(sledId), DoorbellSource.SLED, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** A control-plane publisher (watcher sweeps, operators, the gateway's legacy shim). */
    public static PublisherConfig forSource(DoorbellSource source) {
        return new PublisherConfig(Optional.empty(), source, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** The delay before re-sending after {@code failures} consecutive failures ({@link Backoff}, jittered). */
    Duration backoffAfter(int failures) {
        return new Backoff(initialRetryBackoff, maxRetryBackoff).delay(failures);
    }
}
