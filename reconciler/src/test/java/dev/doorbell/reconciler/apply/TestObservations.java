package dev.doorbell.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Observations for tests, built the way producers build them (model → Avro), with deterministic times. */
final class TestObservations {

    static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private TestObservations() {}

    static Instant at(long gen) {
        return T0.plusSeconds(gen);
    }

    static ObservationHeader header(UUID vmm, UUID sled, Instant observedAt) {
        return new ObservationHeader(vmm, sled, observedAt, ApiVersion.parse("2.0.0"), ObservationSource.fetch, 1,
                Optional.empty());
    }

    static VmmStateObservation state(UUID vmm, UUID sled, VmmState state, long gen) {
        return state(vmm, sled, state, gen, null, null, null);
    }

    static VmmStateObservation failed(UUID vmm, UUID sled, long gen, String reason) {
        return state(vmm, sled, VmmState.FAILED, gen, null, null, reason);
    }

    static VmmStateObservation state(UUID vmm, UUID sled, VmmState state, long gen, MigrationRuntimeState in,
                                     MigrationRuntimeState out, String failureReason) {
        return ObservationMapping.observed(header(vmm, sled, at(gen).plusMillis(1)),
                new SledVmmState(new VmmRuntimeState(state, gen, at(gen), failureReason), in, out));
    }

    /** A reported state without migration, observed at {@code observedAt} rather than just after {@code at(gen)}. */
    static VmmStateObservation stateObservedAt(UUID vmm, UUID sled, VmmState state, long gen, Instant observedAt) {
        return ObservationMapping.observed(header(vmm, sled, observedAt),
                new SledVmmState(new VmmRuntimeState(state, gen, at(gen), null), null, null));
    }

    static MigrationRuntimeState migration(UUID id, MigrationState state, long gen) {
        return new MigrationRuntimeState(id, state, gen, at(gen));
    }

    static VmmStateObservation noSuch(UUID vmm, UUID sled, Instant observedAt) {
        return ObservationMapping.noSuchVmm(header(vmm, sled, observedAt));
    }

    static VmmStateObservation unreachable(UUID vmm, UUID sled, Instant observedAt) {
        return ObservationMapping.sledUnreachable(header(vmm, sled, observedAt), "connect timed out", 5);
    }

    static Observation read(VmmStateObservation avro) {
        ObservationReading reading = ObservationReader.interpret(avro);
        assertThat(reading).isInstanceOf(ObservationReading.Read.class);
        return ((ObservationReading.Read) reading).observation();
    }

    static List<Observation> read(VmmStateObservation... avro) {
        return Arrays.stream(avro).map(TestObservations::read).toList();
    }
}
