package dev.doorbell.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.doorbell.registry.InMemorySchemaRegistry;
import dev.doorbell.schemas.avro.MigrationRuntimeState;
import dev.doorbell.schemas.avro.MigrationState;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmRuntimeState;
import dev.doorbell.schemas.avro.VmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any observation survives serialize → deserialize unchanged (wire format only: in-memory registry). */
class ObservationRoundTripTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerializer<VmmStateObservation> serializer =
            new AvroSerializer<>(registry, TopicNameStrategy.VALUE, true);
    private final AvroDeserializer<VmmStateObservation> deserializer =
            AvroDeserializer.specific(registry, VmmStateObservation.class);

    @Property(tries = 300)
    void roundTrips(@ForAll("observations") VmmStateObservation observation) {
        byte[] bytes = serializer.serialize("vmm.states", observation);
        assertThat(deserializer.deserialize("vmm.states", bytes)).isEqualTo(observation);
    }

    @Provide
    Arbitrary<VmmStateObservation> observations() {
        return Builders.withBuilder(VmmStateObservation::newBuilder)
                .use(uuids()).in(VmmStateObservation.Builder::setVmmId)
                .use(uuids()).in(VmmStateObservation.Builder::setSledId)
                .use(instants()).in(VmmStateObservation.Builder::setObservedAt)
                .use(text()).in(VmmStateObservation.Builder::setSledApiVersion)
                .use(Arbitraries.of(ObservationSource.class)).in(VmmStateObservation.Builder::setSource)
                .use(Arbitraries.longs().greaterOrEqual(0)).in(VmmStateObservation.Builder::setRings)
                .use(instants().injectNull(0.3)).in(VmmStateObservation.Builder::setFirstRungAt)
                .use(outcomes()).in(VmmStateObservation.Builder::setOutcome)
                .build(VmmStateObservation.Builder::build);
    }

    private static Arbitrary<Object> outcomes() {
        Arbitrary<VmmRuntimeState> runtime = Builders.withBuilder(VmmRuntimeState::newBuilder)
                .use(Arbitraries.of(VmmState.class)).in(VmmRuntimeState.Builder::setState)
                .use(generations()).in(VmmRuntimeState.Builder::setGen)
                .use(instants()).in(VmmRuntimeState.Builder::setTimeUpdated)
                .use(text().injectNull(0.5)).in(VmmRuntimeState.Builder::setFailureReason)
                .build(VmmRuntimeState.Builder::build);
        Arbitrary<MigrationRuntimeState> migration = Builders.withBuilder(MigrationRuntimeState::newBuilder)
                .use(uuids()).in(MigrationRuntimeState.Builder::setMigrationId)
                .use(Arbitraries.of(MigrationState.class)).in(MigrationRuntimeState.Builder::setState)
                .use(generations()).in(MigrationRuntimeState.Builder::setGen)
                .use(instants()).in(MigrationRuntimeState.Builder::setTimeUpdated)
                .build(MigrationRuntimeState.Builder::build);
        Arbitrary<SledVmmState> state = Builders.withBuilder(SledVmmState::newBuilder)
                .use(runtime).in(SledVmmState.Builder::setVmmState)
                .use(migration.injectNull(0.5)).in(SledVmmState.Builder::setMigrationIn)
                .use(migration.injectNull(0.5)).in(SledVmmState.Builder::setMigrationOut)
                .build(SledVmmState.Builder::build);
        Arbitrary<SledUnreachable> unreachable = Builders.withBuilder(SledUnreachable::newBuilder)
                .use(text()).in(SledUnreachable.Builder::setError)
                .use(Arbitraries.integers().greaterOrEqual(0)).in(SledUnreachable.Builder::setAttempts)
                .build(SledUnreachable.Builder::build);
        return Arbitraries.oneOf(state, unreachable, Arbitraries.just(new NoSuchVmm()));
    }

    private static Arbitrary<Long> generations() {
        return Arbitraries.longs().between(1, Long.MAX_VALUE);
    }

    private static Arbitrary<UUID> uuids() {
        return Arbitraries.create(UUID::randomUUID);
    }

    // timestamp-micros: whole microseconds, any year from 1970 to 2200
    private static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 7_258_118_400_000_000L)
                .map(micros -> Instant.EPOCH.plusNanos(micros * 1_000));
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().alpha().numeric().withChars("-_. é☃✓").ofMaxLength(40);
    }
}
