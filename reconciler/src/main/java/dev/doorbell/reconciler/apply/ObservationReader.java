package dev.doorbell.reconciler.apply;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.observation.ObservationMapping;
import dev.doorbell.schemas.avro.MigrationRuntimeState;
import dev.doorbell.schemas.avro.MigrationState;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.VmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import dev.doorbell.serde.AvroSerdeException;
import dev.doorbell.serde.RegistryUnavailableException;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns the bytes of a {@code vmm.states} value into an {@link ObservationReading}. Classifies
 * failures once: {@link RegistryUnavailableException} is transient and propagates (the caller
 * retries the batch); every other deserialization failure is a {@link ObservationReading.Rejected}.
 * Thread-safe if the deserializer is.
 */
public final class ObservationReader {

    public static final String TOMBSTONE = "tombstone";
    public static final String UNKNOWN_STATE = "unknown-state";
    public static final String INVALID_OBSERVATION = "invalid-observation";

    private final Deserializer<VmmStateObservation> deserializer;

    public ObservationReader(Deserializer<VmmStateObservation> deserializer) {
        this.deserializer = deserializer;
    }

    /**
     * @throws RegistryUnavailableException when the registry cannot be asked now (transient)
     */
    public ObservationReading read(String topic, byte[] value) {
        if (value == null) {
            return new ObservationReading.Skipped(TOMBSTONE);
        }
        VmmStateObservation avro;
        try {
            avro = deserializer.deserialize(topic, value);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (AvroSerdeException e) {
            return new ObservationReading.Rejected(reasonOf(e), String.valueOf(e.getMessage()));
        } catch (SerializationException e) {
            return new ObservationReading.Rejected("undeserializable", String.valueOf(e.getMessage()));
        } catch (RuntimeException e) { // a deserializer bug must not stop the stream either
            return new ObservationReading.Rejected("undeserializable", e.toString());
        }
        return interpret(avro);
    }

    /** Validates a decoded observation: never lets an {@code unknown} state through. */
    public static ObservationReading interpret(VmmStateObservation avro) {
        String source = sourceName(avro.getSource());
        try {
            Object outcome = avro.getOutcome();
            if (outcome instanceof dev.doorbell.schemas.avro.SledVmmState state) {
                if (state.getVmmState().getState() == VmmState.unknown || unknown(state.getMigrationIn())
                        || unknown(state.getMigrationOut())) {
                    return new ObservationReading.Skipped(UNKNOWN_STATE);
                }
                SledVmmState model = ObservationMapping.fromAvro(state);
                return new ObservationReading.Read(new Observation.Reported(avro.getVmmId(), avro.getSledId(),
                        avro.getObservedAt(), source, model.vmmState(), model.migrationIn(), model.migrationOut()),
                        Optional.ofNullable(avro.getFirstRungAt()));
            } else if (outcome instanceof NoSuchVmm) {
                return new ObservationReading.Read(new Observation.NoSuchVmm(avro.getVmmId(), avro.getSledId(),
                        avro.getObservedAt(), source));
            } else if (outcome instanceof SledUnreachable u) {
                return new ObservationReading.Read(new Observation.SledUnreachable(avro.getVmmId(), avro.getSledId(),
                        avro.getObservedAt(), source, u.getError(), u.getAttempts()));
            }
            return new ObservationReading.Rejected(INVALID_OBSERVATION, "unexpected outcome " + outcome);
        } catch (RuntimeException e) { // e.g. gen < 1, a null required field
            return new ObservationReading.Rejected(INVALID_OBSERVATION, e.getMessage());
        }
    }

    private static boolean unknown(MigrationRuntimeState migration) {
        return migration != null && migration.getState() == MigrationState.unknown;
    }

    /** DESIGN's names: {@code legacy_upcall_body} → {@code legacy-upcall-body}. */
    static String sourceName(ObservationSource source) {
        return source == null ? "unknown" : source.name().replace('_', '-');
    }

    /** {@code UnknownMagicByteException} → {@code unknown-magic-byte}. */
    static String reasonOf(AvroSerdeException e) {
        String name = e.getClass().getSimpleName().replaceFirst("Exception$", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
