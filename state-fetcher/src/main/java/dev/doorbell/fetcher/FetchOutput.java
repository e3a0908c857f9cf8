package dev.doorbell.fetcher;

import dev.doorbell.observation.AppliedMark;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.RegistryUnavailableException;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fetch task writes: observations to the states topic and bad doorbells to the dead-letter
 * topic, counted. An observation whose serializer cannot reach the schema registry is not forwarded
 * (thrown on through the sink, that would fail the task and stop the whole fetcher); the caller
 * fetches its VMM again later. One per stream task, used on its stream thread only.
 */
final class FetchOutput {

    private static final Logger LOG = LoggerFactory.getLogger(FetchOutput.class);
    private static final long REGISTRY_WARNING_INTERVAL_MS = 10_000;

    private final ProcessorContext<Object, Object> context;
    private final FetcherMetrics metrics;
    private final long registryRetryMs;
    private long lastRegistryWarningMs = Long.MIN_VALUE / 2;

    FetchOutput(ProcessorContext<Object, Object> context, FetcherMetrics metrics, long registryRetryMs) {
        this.context = context;
        this.metrics = metrics;
        this.registryRetryMs = registryRetryMs;
    }

    /**
     * Forwards {@code observation} to the states topic, recording the time from its first ring
     * ({@code firstRungAtMicros}, if known). Returns false, having forwarded nothing, if the schema
     * registry could not be reached.
     */
    boolean observation(VmmStateObservation observation, OptionalLong firstRungAtMicros, long nowMs) {
        return observation(observation, firstRungAtMicros, nowMs, false);
    }

    /**
     * As {@link #observation(VmmStateObservation, OptionalLong, long)}, with the {@link AppliedMark} if {@code applied}:
     * the fetcher's {@link AnswerApplier} has committed it, so the reconciler skips it.
     */
    boolean observation(VmmStateObservation observation, OptionalLong firstRungAtMicros, long nowMs, boolean applied) {
        try {
            Record<Object, Object> record = applied
                    ? new Record<>(observation.getVmmId().toString(), observation, nowMs, AppliedMark.headers())
                    : new Record<>(observation.getVmmId().toString(), observation, nowMs);
            context.forward(record, FetcherTopology.STATES_SINK);
        } catch (StreamsException e) {
            Optional<RegistryUnavailableException> registryDown = registryUnavailable(e);
            if (registryDown.isEmpty()) {
                throw e;
            }
            metrics.observationsUnforwarded.increment();
            if (nowMs - lastRegistryWarningMs >= REGISTRY_WARNING_INTERVAL_MS) {
                lastRegistryWarningMs = nowMs;
                LOG.atWarn().addKeyValue("retryMs", registryRetryMs).addKeyValue("error", registryDown.get().getMessage())
                        .log("schema registry unavailable: observations not forwarded, their VMMs are fetched again");
            }
            return false;
        }
        metrics.observationsEmitted.increment();
        if (applied) {
            metrics.observationsApplied.increment();
        }
        firstRungAtMicros.ifPresent(rung -> metrics.ringToEmit(nowMs * 1000 - rung));
        return true;
    }

    /** Dead-letters a doorbell: its key and value as they were, the reason and its origin in headers. */
    void deadLetter(byte[] key, byte[] value, String reason, String detail, RingOrigin origin, long nowMs) {
        metrics.deadLettered.increment();
        Headers headers = DeadLetters.headers(reason, detail, origin);
        context.forward(new Record<Object, Object>(key, value, nowMs, headers), FetcherTopology.DLQ_SINK);
    }

    private static Optional<RegistryUnavailableException> registryUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnavailableException unavailable) {
                return Optional.of(unavailable);
            }
        }
        return Optional.empty();
    }
}
