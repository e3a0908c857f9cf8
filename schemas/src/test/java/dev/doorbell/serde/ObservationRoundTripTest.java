package dev.doorbell.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

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
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Any observation survives serialize → deserialize unchanged (wire format only: in-memory registry). */
class ObservationRoundTripTest {

    // letters, digits, and a few characters that are more than one byte in UTF-8
    private static final List<Character> TEXT_CHARS = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "-_. é☃✓").chars().mapToObj(c -> (char) c).toList();

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerializer<VmmStateObservation> serializer =
            new AvroSerializer<>(registry, TopicNameStrategy.VALUE, true);
    private final AvroDeserializer<VmmStateObservation> deserializer =
            AvroDeserializer.specific(registry, VmmStateObservation.class);

    @Test
    void roundTrips() {
        qt().withExamples(300).forAll(observations()).checkAssert(observation -> {
            byte[] bytes = serializer.serialize("vmm.states", observation);
            assertThat(deserializer.deserialize("vmm.states", bytes)).isEqualTo(observation);
        });
    }

    private static Gen<VmmStateObservation> observations() {
        Gen<VmmStateObservation.Builder> identity = uuids().zip(uuids(), instants(), text(),
                (vmm, sled, observedAt, apiVersion) -> VmmStateObservation.newBuilder()
                        .setVmmId(vmm).setSledId(sled).setObservedAt(observedAt).setSledApiVersion(apiVersion));
        return identity.zip(arbitrary().enumValues(ObservationSource.class), longs().between(0, Long.MAX_VALUE),
                orNull(instants(), 30), outcomes(),
                (builder, source, rings, firstRungAt, outcome) -> builder.setSource(source).setRings(rings)
                        .setFirstRungAt(firstRungAt).setOutcome(outcome).build());
    }

    private static Gen<Object> outcomes() {
        Gen<VmmRuntimeState> runtime = arbitrary().enumValues(VmmState.class).zip(generations(), instants(), orNull(text(), 50),
                (state, gen, timeUpdated, failureReason) -> VmmRuntimeState.newBuilder().setState(state).setGen(gen)
                        .setTimeUpdated(timeUpdated).setFailureReason(failureReason).build());
        Gen<MigrationRuntimeState> migration = uuids().zip(arbitrary().enumValues(MigrationState.class), generations(), instants(),
                (id, state, gen, timeUpdated) -> MigrationRuntimeState.newBuilder().setMigrationId(id).setState(state).setGen(gen)
                        .setTimeUpdated(timeUpdated).build());
        Gen<Object> state = runtime.zip(orNull(migration, 50), orNull(migration, 50),
                (vmm, in, out) -> SledVmmState.newBuilder().setVmmState(vmm).setMigrationIn(in).setMigrationOut(out).build());
        Gen<Object> unreachable = text().zip(integers().between(0, Integer.MAX_VALUE),
                (error, attempts) -> SledUnreachable.newBuilder().setError(error).setAttempts(attempts).build());
        return Generate.oneOf(state, unreachable, arbitrary().<Object>constant(new NoSuchVmm()));
    }

    private static Gen<Long> generations() {
        return longs().between(1, Long.MAX_VALUE);
    }

    private static Gen<UUID> uuids() {
        return longs().all().zip(longs().all(), UUID::new);
    }

    // timestamp-micros: whole microseconds, any year from 1970 to 2200
    private static Gen<Instant> instants() {
        return longs().between(0, 7_258_118_400_000_000L)
                .map(micros -> Instant.EPOCH.plusNanos(micros * 1_000));
    }

    private static Gen<String> text() {
        return lists().of(arbitrary().pick(TEXT_CHARS)).ofSizeBetween(0, 40)
                .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    private static <T> Gen<T> orNull(Gen<T> values, int percentNull) {
        return values.toOptionals(percentNull).map(value -> value.orElse(null));
    }
}
