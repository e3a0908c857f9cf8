package dev.doorbell.reconciler.apply;

import dev.doorbell.model.MigrationRuntimeState;
import dev.doorbell.model.VmmRuntimeState;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One observation of {@code vmm.states}, decoded and validated: every state in it is one this
 * reconciler knows (never the Avro {@code unknown} default) and every generation is at least 1.
 * {@code source} is the DESIGN name written to {@code vmm.last_source} ({@code fetch},
 * {@code legacy-upcall-body}, {@code control-response}, or {@code unknown}).
 */
public sealed interface Observation {

    UUID vmmId();

    UUID sledId();

    Instant observedAt();

    String source();

    /** The sled answered with the VMM's state and, during a live migration, one or both sides of it. */
    record Reported(UUID vmmId, UUID sledId, Instant observedAt, String source, VmmRuntimeState vmm,
                    MigrationRuntimeState migrationIn, MigrationRuntimeState migrationOut) implements Observation {
        public Reported {
            Objects.requireNonNull(vmmId, "vmmId");
            Objects.requireNonNull(sledId, "sledId");
            Objects.requireNonNull(observedAt, "observedAt");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(vmm, "vmm");
        }
    }

    /** The sled answered 404: it does not know the VMM. */
    record NoSuchVmm(UUID vmmId, UUID sledId, Instant observedAt, String source) implements Observation {
        public NoSuchVmm {
            Objects.requireNonNull(vmmId, "vmmId");
            Objects.requireNonNull(observedAt, "observedAt");
            Objects.requireNonNull(source, "source");
        }
    }

    /** The sled did not answer within the fetcher's bounded retries: inconclusive on its own. */
    record SledUnreachable(UUID vmmId, UUID sledId, Instant observedAt, String source, String error, int attempts)
            implements Observation {
        public SledUnreachable {
            Objects.requireNonNull(vmmId, "vmmId");
            Objects.requireNonNull(observedAt, "observedAt");
            Objects.requireNonNull(source, "source");
        }
    }
}
