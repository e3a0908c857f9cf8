package dev.doorbell.gateway;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.observation.ObservationPublisher;
import dev.doorbell.schemas.avro.ObservationSource;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Publishes an upcall's body as a {@code legacy-upcall-body} observation (R19 behaviour). The
 * legacy upcall does not name its sled: without a {@code sled-id} header the nil UUID stands in.
 */
public final class KafkaUpcallBodySink implements UpcallBodySink {

    static final UUID UNKNOWN_SLED = new UUID(0, 0);

    private final ObservationPublisher publisher;
    private final Clock clock;

    public KafkaUpcallBodySink(ObservationPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> publish(UUID vmmId, Optional<UUID> sledId, SledVmmState state) {
        ObservationHeader header = new ObservationHeader(vmmId, sledId.orElse(UNKNOWN_SLED), clock.instant(),
                ApiVersion.V1, ObservationSource.legacy_upcall_body, 0, Optional.empty());
        return publisher.publish(ObservationMapping.observed(header, state));
    }
}
