package dev.doorbell.fetcher;

import dev.doorbell.schemas.avro.VmmStateObservation;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies a sled request's answers to the control plane's database before the fetcher publishes them, so a change
 * reaches the database one Kafka hop after its ring instead of two (the observations still go to {@code vmm.states},
 * marked applied: {@link dev.doorbell.observation.AppliedMark}). Optional: without it ({@link #NONE}) the reconciler
 * applies everything the fetcher publishes.
 *
 * <p>Contract: {@link #apply} returns at once and completes, on a thread of its own, with the VMMs whose observation
 * the database committed, behind the same generation guards as the reconciler's; an observation it refused, or a
 * failure (completing exceptionally), leaves those VMMs out, and the fetcher publishes them unmarked, for the reconciler
 * to apply, retry or dead-letter as it does every other record. Nothing is lost either way, and the fetch stays in
 * flight (its pending mark kept) until the answer is published.
 */
public interface AnswerApplier extends AutoCloseable {

    /** Applies nothing: every observation is published unmarked. */
    AnswerApplier NONE = new AnswerApplier() {
        @Override
        public CompletionStage<Set<UUID>> apply(List<VmmStateObservation> observations) {
            return CompletableFuture.completedFuture(Set.of());
        }

        @Override
        public boolean applies() {
            return false;
        }
    };

    /** Applies {@code observations} (one per VMM); completes with the VMMs whose observation the database committed. */
    CompletionStage<Set<UUID>> apply(List<VmmStateObservation> observations);

    /** Whether this applier applies anything (false for {@link #NONE}: the fetcher then builds nothing ahead). */
    default boolean applies() {
        return true;
    }

    @Override
    default void close() {}
}
