package dev.doorbell.reconciler.control;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a sled answered to a control call as a {@code control-response} observation on
 * {@code vmm.states}, to be applied like any other observation. Called after the control API's
 * own database transaction committed; a publish failure is logged and not fatal, since the sled
 * already holds the state and the next doorbell or watcher sweep brings it in.
 */
public final class ControlResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ControlResponses.class);
    private final ObservationSink sink;
    private final Clock clock;
    private final Duration timeout;

    public ControlResponses(ObservationSink sink, Clock clock, Duration timeout) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @return whether the observation was acknowledged within the timeout */
    public boolean publish(UUID vmmId, SledEndpoint sled, SledVmmState answer) {
        return send(vmmId, sled, ObservationMapping.observed(header(vmmId, sled), answer), answer.vmmState().gen());
    }

    /** Publishes that the sled answered a control call with {@code NO_SUCH_INSTANCE}; as {@link #publish}. */
    public boolean publishNoSuchVmm(UUID vmmId, SledEndpoint sled) {
        return send(vmmId, sled, ObservationMapping.noSuchVmm(header(vmmId, sled)), 0);
    }

    private ObservationHeader header(UUID vmmId, SledEndpoint sled) {
        return new ObservationHeader(vmmId, sled.sledId(), clock.instant(), sled.apiVersion(),
                ObservationSource.control_response, 0, Optional.empty());
    }

    private boolean send(UUID vmmId, SledEndpoint sled, VmmStateObservation observation, long gen) {
        try {
            sink.publish(observation).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.atWarn().addKeyValue("vmm", vmmId).addKeyValue("sled", sled.sledId()).addKeyValue("gen", gen)
                    .log("control response not published; a doorbell or sweep will bring the state: {}", e.toString());
            return false;
        }
    }
}
