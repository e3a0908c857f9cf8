package dev.doorbell.serde;

import dev.doorbell.schemas.avro.MigrationRuntimeState;
import dev.doorbell.schemas.avro.MigrationState;
import dev.doorbell.schemas.avro.ObservationSource;
import dev.doorbell.schemas.avro.SledVmmState;
import dev.doorbell.schemas.avro.VmmRuntimeState;
import dev.doorbell.schemas.avro.VmmState;
import dev.doorbell.schemas.avro.VmmStateObservation;
import java.time.Instant;
import java.util.UUID;

/** Sample observations for tests. */
public final class Observations {

    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456Z");

    private Observations() {
    }

    /** A running VMM migrating in, with a failure reason set (a v2-only field). */
    public static VmmStateObservation running() {
        return VmmStateObservation.newBuilder()
                .setVmmId(UUID.fromString("11111111-2222-3333-4444-555555555555"))
                .setSledId(UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"))
                .setObservedAt(T0)
                .setSledApiVersion("2.0.0")
                .setSource(ObservationSource.fetch)
                .setRings(3L)
                .setFirstRungAt(T0.minusMillis(7))
                .setOutcome(SledVmmState.newBuilder()
                        .setVmmState(VmmRuntimeState.newBuilder()
                                .setState(VmmState.running)
                                .setGen(42L)
                                .setTimeUpdated(T0.minusSeconds(1))
                                .setFailureReason("none-yet")
                                .build())
                        .setMigrationIn(MigrationRuntimeState.newBuilder()
                                .setMigrationId(UUID.fromString("99999999-8888-7777-6666-555555555555"))
                                .setState(MigrationState.in_progress)
                                .setGen(2L)
                                .setTimeUpdated(T0.minusSeconds(2))
                                .build())
                        .setMigrationOut(null)
                        .build())
                .build();
    }
}
