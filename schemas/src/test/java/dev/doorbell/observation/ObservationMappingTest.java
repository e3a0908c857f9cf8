package dev.doorbell.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.observation.ObservationMapping.ObservationHeader;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ObservationMappingTest {

    @Provide
    Arbitrary<SledVmmState> states() {
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_000_000_000_000_000L)
                .map(micros -> Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
        Arbitrary<Long> gens = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<VmmRuntimeState> vmm = Combinators.combine(
                        Arbitraries.of(VmmState.class), gens, times, Arbitraries.of("propolis_crashed", "sled_restarted").injectNull(0.5))
                .as(VmmRuntimeState::new);
        Arbitrary<MigrationRuntimeState> migration = Combinators.combine(
                        Arbitraries.create(UUID::randomUUID), Arbitraries.of(MigrationState.class), gens, times)
                .as(MigrationRuntimeState::new);
        return Combinators.combine(vmm, migration.injectNull(0.5), migration.injectNull(0.5)).as(SledVmmState::new);
    }

    @Property(tries = 200)
    void modelStatesSurviveTheAvroRoundTrip(@ForAll("states") SledVmmState state) {
        assertThat(ObservationMapping.fromAvro(ObservationMapping.toAvro(state))).isEqualTo(state);
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
        assertThat(unreachable.getOutcome()).isInstanceOf(dev.doorbell.schemas.avro.SledUnreachable.class);
        assertThat(ObservationMapping.noSuchVmm(header).getOutcome()).isInstanceOf(dev.doorbell.schemas.avro.NoSuchVmm.class);
    }

    @Test
    void aSymbolNewerThanThisReaderIsRefusedNotGuessed() {
        var avro = dev.doorbell.schemas.avro.VmmRuntimeState.newBuilder()
                .setState(dev.doorbell.schemas.avro.VmmState.unknown).setGen(3).setTimeUpdated(Instant.EPOCH).build();
        assertThatThrownBy(() -> ObservationMapping.fromAvro(avro)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newer than this reader");
    }
}
