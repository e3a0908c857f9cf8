package dev.doorbell.cli.inspect;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;
import dev.doorbell.reconciler.read.SledView;
import java.util.Objects;

/** What the VMM's sled says about it now. */
public sealed interface SledAnswer {

    /** The sled holds the VMM and answered its state (asked in {@code version}). */
    record Holds(SledView sled, ApiVersion version, SledVmmState state) implements SledAnswer {
        public Holds {
            Objects.requireNonNull(sled, "sled");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(state, "state");
        }
    }

    /** The sled answered {@code NO_SUCH_INSTANCE}: it does not hold the VMM (any more). */
    record NoSuchVmm(SledView sled) implements SledAnswer {
        public NoSuchVmm {
            Objects.requireNonNull(sled, "sled");
        }
    }

    /** No answer: the sled is unknown, expunged, unreachable or refused; {@code reason} says which, in one sentence. */
    record NoAnswer(String reason) implements SledAnswer {
        public NoAnswer {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
