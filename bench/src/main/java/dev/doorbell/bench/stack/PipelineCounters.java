package dev.doorbell.bench.stack;

import dev.doorbell.fetcher.FetcherMetrics;
import dev.doorbell.reconciler.sweep.WatcherSweep;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Work counted by the pipeline's own meters, as totals at an instant or as the difference between
 * two.
 *
 * @param fetches         VMM fetches the fetcher started ({@code doorbell.fetcher.fetches.started})
 * @param fetcherRequests HTTP requests the fetcher sent to sleds, single or batched ({@code doorbell.fetcher.requests.sent})
 * @param ringsConsumed   doorbells the fetcher consumed ({@code doorbell.fetcher.rings.consumed})
 * @param observations    observations the fetcher emitted ({@code doorbell.fetcher.observations.emitted})
 * @param sled            state requests the sleds answered (their {@code /metrics})
 * @param sweepRings      VMMs the reconciler's watcher rang ({@code doorbell.reconciler.sweep.vmms.rung})
 * @param sweeps          sweeps completed ({@code doorbell.reconciler.sweep.duration} count)
 * @param sweepNanos      time those sweeps took, together
 */
public record PipelineCounters(long fetches, long fetcherRequests, long ringsConsumed, long observations, SledRequests sled,
                               long sweepRings, long sweeps, long sweepNanos) {

    static final PipelineCounters ZERO = new PipelineCounters(0, 0, 0, 0, SledRequests.NONE, 0, 0, 0);

    public PipelineCounters minus(PipelineCounters o) {
        return new PipelineCounters(fetches - o.fetches, fetcherRequests - o.fetcherRequests, ringsConsumed - o.ringsConsumed,
                observations - o.observations, sled.minus(o.sled), sweepRings - o.sweepRings, sweeps - o.sweeps,
                sweepNanos - o.sweepNanos);
    }

    PipelineCounters plusSweeps(PipelineCounters o) {
        return new PipelineCounters(fetches, fetcherRequests, ringsConsumed, observations, sled, sweepRings + o.sweepRings,
                sweeps + o.sweeps, sweepNanos + o.sweepNanos);
    }

    /** @return the sweep figures of a reconciler's meters (the other fields 0) */
    static PipelineCounters sweepsOf(MeterRegistry reconciler) {
        return sweepsOf(reconciler, MeterLookup.SEARCH);
    }

    /** @return the sweep figures of a reconciler's meters, found through {@code lookup} (the other fields 0) */
    static PipelineCounters sweepsOf(MeterRegistry reconciler, MeterLookup lookup) {
        Timer timer = lookup.timer(reconciler, WatcherSweep.DURATION);
        return new PipelineCounters(0, 0, 0, 0, SledRequests.NONE, count(reconciler, WatcherSweep.RUNG, lookup),
                timer == null ? 0 : timer.count(), timer == null ? 0 : (long) timer.totalTime(TimeUnit.NANOSECONDS));
    }

    /** @return the fetcher's figures with {@code sled} and {@code sweeps} */
    static PipelineCounters of(MeterRegistry fetcher, SledRequests sled, PipelineCounters sweeps) {
        return new PipelineCounters(count(fetcher, FetcherMetrics.FETCHES_STARTED), count(fetcher, FetcherMetrics.REQUESTS_SENT),
                count(fetcher, FetcherMetrics.RINGS_CONSUMED), count(fetcher, FetcherMetrics.OBSERVATIONS_EMITTED), sled,
                sweeps.sweepRings, sweeps.sweeps, sweeps.sweepNanos);
    }

    /** @return the fetcher's doorbells consumed so far ({@code doorbell.fetcher.rings.consumed}), found through {@code lookup} */
    static long ringsConsumed(MeterRegistry fetcher, MeterLookup lookup) {
        return count(fetcher, FetcherMetrics.RINGS_CONSUMED, lookup);
    }

    private static long count(MeterRegistry registry, String name) {
        return count(registry, name, MeterLookup.SEARCH);
    }

    private static long count(MeterRegistry registry, String name, MeterLookup lookup) {
        return (long) lookup.counters(registry, name).stream().mapToDouble(Counter::count).sum();
    }
}
