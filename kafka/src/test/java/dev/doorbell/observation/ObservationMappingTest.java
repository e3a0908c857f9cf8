package dev.doorbell.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class ObservationMappingTest {

    @Test
    void modelStatesSurviveTheAvroRoundTrip() {
        qt().withExamples(200).forAll(states())
                .checkAssert(state -> assertThat(ObservationMapping.fromAvro(ObservationMapping.toAvro(state))).isEqualTo(state));
    }

    private static Gen<SledVmmState> states() {
        Gen<Instant> times = longs().between(0, 4_000_000_000_000_000L)
                .map(micros -> Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
        Gen<Long> gens = longs().between(1, Long.MAX_VALUE);
        Gen<VmmRuntimeState> vmm = arbitrary().enumValues(VmmState.class).zip(gens, times,
                orNull(arbitrary().pick("propolis_crashed", "sled_restarted")), VmmRuntimeState::new);
        Gen<MigrationRuntimeState> migration = uuids().zip(arbitrary().enumValues(MigrationState.class), gens, times,
                MigrationRuntimeState::new);
        return vmm.zip(orNull(migration), orNull(migration), SledVmmState::new);
    }

    private static Gen<UUID> uuids() {
        return longs().all().zip(longs().all(), UUID::new);
    }

    /** Half of the values are null: the Avro unions' other branch. */
    private static <T> Gen<T> orNull(Gen<T> values) {
        return values.toOptionals(50).map(value -> value.orElse(null));
    }

    @Test
    void anObservationCarriesItsHeaderAndOutcome() {
        UUID vmm = UUID.randomUUID();
        UUID sled = UUID.randomUUID();
        Instant now = Instant.parse("2026-11-29T12:00:00.123456Z");
        ObservationHeader header = new ObservationHeader(vmm, sled, now, ApiVersion.V2, ObservationSource.fetch, 7,
                Optional.of(now.minusMillis(3)));

        VmmStateObservation unreachable = ObservationMapping.sledUnreachable(header, "connection refused", 4);

        assertThat(unreachable.getVmmId()).isEqualTo(vmm);
        assertThat(unreachable.getSledApiVersion()).isEqualTo("2.0.0");
        assertThat(unreachable.getRings()).isEqualTo(7);
        assertThat(unreachable.getOutcome()).isInstanceOf(SledUnreachable.class);
        assertThat(ObservationMapping.noSuchVmm(header).getOutcome()).isInstanceOf(NoSuchVmm.class);
    }

    @Test
    void aSymbolNewerThanThisReaderIsRefusedNotGuessed() {
        var avro = dev.doorbell.schemas.avro.VmmRuntimeState.newBuilder()
                .setState(dev.doorbell.schemas.avro.VmmState.unknown).setGen(3).setTimeUpdated(Instant.EPOCH).build();
        assertThatThrownBy(() -> ObservationMapping.fromAvro(avro)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newer than this reader");
    }
}
