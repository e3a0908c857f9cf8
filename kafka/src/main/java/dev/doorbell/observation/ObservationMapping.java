package dev.doorbell.observation;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.MigrationState;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.model.VmmRuntimeState;
import dev.doorbell.model.VmmState;
import dev.doorbell.schemas.avro.NoSuchVmm;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.SledUnreachable;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Converts between the sled API's JSON model ({@code dev.doorbell.model}) and the Avro records of
 * {@code vmm.states} ({@code dev.doorbell.schemas.avro}). Stateless.
 *
 * <p>Avro → model fails with {@link IllegalArgumentException} on the {@code unknown} enum default
 * (a symbol newer than this reader): callers decide how to treat a state they cannot interpret.
 */
public final class ObservationMapping {

    private ObservationMapping() {}

    /** An observation whose outcome is the state the sled reported. */
    public static VmmStateObservation observed(ObservationHeader header, SledVmmState state) {
        return header.toBuilder().setOutcome(toAvro(state)).build();
    }

    /** An observation that the sled does not know the VMM (404). */
    public static VmmStateObservation noSuchVmm(ObservationHeader header) {
        return header.toBuilder().setOutcome(NoSuchVmm.newBuilder().build()).build();
    }

    /** An observation that the sled could not be reached after {@code attempts} tries. */
    public static VmmStateObservation sledUnreachable(ObservationHeader header, String error, int attempts) {
        return header.toBuilder()
                .setOutcome(SledUnreachable.newBuilder().setError(error).setAttempts(attempts).build())
                .build();
    }

    public static dev.doorbell.schemas.avro.SledVmmState toAvro(SledVmmState state) {
        return dev.doorbell.schemas.avro.SledVmmState.newBuilder()
                .setVmmState(toAvro(state.vmmState()))
                .setMigrationIn(state.migrationIn() == null ? null : toAvro(state.migrationIn()))
                .setMigrationOut(state.migrationOut() == null ? null : toAvro(state.migrationOut()))
                .build();
    }

    public static SledVmmState fromAvro(dev.doorbell.schemas.avro.SledVmmState state) {
        return new SledVmmState(
                fromAvro(state.getVmmState()),
                state.getMigrationIn() == null ? null : fromAvro(state.getMigrationIn()),
                state.getMigrationOut() == null ? null : fromAvro(state.getMigrationOut()));
    }

    static dev.doorbell.schemas.avro.VmmRuntimeState toAvro(VmmRuntimeState state) {
        return dev.doorbell.schemas.avro.VmmRuntimeState.newBuilder()
                .setState(dev.doorbell.schemas.avro.VmmState.valueOf(state.state().wireName()))
                .setGen(state.gen())
                .setTimeUpdated(state.timeUpdated())
                .setFailureReason(state.failureReason())
                .build();
    }

    static VmmRuntimeState fromAvro(dev.doorbell.schemas.avro.VmmRuntimeState state) {
        return new VmmRuntimeState(VmmState.fromWire(known(state.getState().name())), state.getGen(),
                state.getTimeUpdated(), state.getFailureReason());
    }

    static dev.doorbell.schemas.avro.MigrationRuntimeState toAvro(MigrationRuntimeState migration) {
        return dev.doorbell.schemas.avro.MigrationRuntimeState.newBuilder()
                .setMigrationId(migration.migrationId())
                .setState(dev.doorbell.schemas.avro.MigrationState.valueOf(migration.state().name().toLowerCase(Locale.ROOT)))
                .setGen(migration.gen())
                .setTimeUpdated(migration.timeUpdated())
                .build();
    }

    static MigrationRuntimeState fromAvro(dev.doorbell.schemas.avro.MigrationRuntimeState migration) {
        return new MigrationRuntimeState(migration.getMigrationId(),
                MigrationState.valueOf(known(migration.getState().name()).toUpperCase(Locale.ROOT)),
                migration.getGen(), migration.getTimeUpdated());
    }

    private static String known(String symbol) {
        if ("unknown".equals(symbol)) {
            throw new IllegalArgumentException("the observation holds a symbol newer than this reader (read as 'unknown')");
        }
        return symbol;
    }

    /**
     * Everything of an observation but its outcome.
     *
     * @param rings doorbells collapsed into it (0 when none caused it)
     * @param firstRungAt when the first of them rang
     */
    public record ObservationHeader(UUID vmmId, UUID sledId, Instant observedAt, ApiVersion sledApiVersion,
                                    ObservationSource source, long rings, Optional<Instant> firstRungAt) {

        VmmStateObservation.Builder toBuilder() {
            return VmmStateObservation.newBuilder()
                    .setVmmId(vmmId)
                    .setSledId(sledId)
                    .setObservedAt(observedAt)
                    .setSledApiVersion(sledApiVersion.toString())
                    .setSource(source)
                    .setRings(rings)
                    .setFirstRungAt(firstRungAt.orElse(null));
        }
    }
}
