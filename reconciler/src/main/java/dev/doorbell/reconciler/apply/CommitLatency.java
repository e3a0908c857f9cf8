package dev.doorbell.reconciler.apply;

import dev.doorbell.http.VmmExemplars;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * End-to-end latency, measured when a batch's database transaction has committed, for the newest reported state of
 * each VMM in the batch: from the sled's {@code time_updated} of that state (change → commit), from the first of the
 * doorbells that caused the fetch (ring → commit; absent for observations no doorbell caused, such as upcall bodies) and
 * from its record's timestamp, when its producer handed it over (published → commit: with the fetcher's ring → emitted
 * it splits a doorbell's path at {@code vmm.states}). All three are Prometheus histograms whose exemplars name the VMM
 * ({@link VmmExemplars}: {@code trace_id} is its id, {@code span_id} its generation), so the slowest buckets point at
 * VMMs to {@code doorbell inspect}. Sled and
 * reconciler clocks are those of one machine here; across machines the change → commit figure includes their skew.
 * A state this reconciler had already applied (a duplicate after a crash) is measured again, from the same start.
 */
final class CommitLatency {

    static final Duration MAX_EXPECTED = Duration.ofSeconds(60);

    private final Timer changeToCommit;
    private final Timer ringToCommit;
    private final Timer publishToCommit;
    private final Clock clock;

    CommitLatency(MeterRegistry registry, Clock clock) {
        this.changeToCommit = Timer.builder(ApplierMetrics.CHANGE_TO_COMMIT_LATENCY).description("From the sled's time_updated to the database commit")
                .publishPercentileHistogram().maximumExpectedValue(MAX_EXPECTED).register(registry);
        this.ringToCommit = Timer.builder(ApplierMetrics.RING_TO_COMMIT_LATENCY).description("From the first doorbell to the database commit")
                .publishPercentileHistogram().maximumExpectedValue(MAX_EXPECTED).register(registry);
        this.publishToCommit = Timer.builder(ApplierMetrics.PUBLISH_TO_COMMIT_LATENCY)
                .description("From the observation record's timestamp (its producer's hand-over) to the database commit")
                .publishPercentileHistogram().maximumExpectedValue(MAX_EXPECTED).register(registry);
        this.clock = clock;
    }

    /**
     * Records the batch just committed: {@code firstRungAt.get(i)} and {@code publishedAt.get(i)} belong to
     * {@code observations.get(i)}.
     */
    void committed(List<Observation> observations, List<Optional<Instant>> firstRungAt, List<Optional<Instant>> publishedAt) {
        Instant now = clock.instant();
        Map<UUID, Integer> newest = new HashMap<>();
        for (int i = 0; i < observations.size(); i++) {
            if (observations.get(i) instanceof Observation.Reported reported) {
                newest.merge(reported.vmmId(), i, (a, b) -> gen(observations, b) > gen(observations, a) ? b : a);
            }
        }
        newest.values().stream().sorted().forEach(i -> {
            Observation.Reported reported = (Observation.Reported) observations.get(i);
            VmmExemplars.recording(reported.vmmId(), reported.vmm().gen(), () -> {
                changeToCommit.record(nonNegative(Duration.between(reported.vmm().timeUpdated(), now)));
                firstRungAt.get(i).ifPresent(rung -> ringToCommit.record(nonNegative(Duration.between(rung, now))));
                publishedAt.get(i).ifPresent(published -> publishToCommit.record(nonNegative(Duration.between(published, now))));
            });
        });
    }

    private static long gen(List<Observation> observations, int i) {
        return ((Observation.Reported) observations.get(i)).vmm().gen();
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
