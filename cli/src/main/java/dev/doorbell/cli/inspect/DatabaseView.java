package dev.doorbell.cli.inspect;

import dev.doorbell.reconciler.read.VmmView;
import java.util.Objects;
import java.util.Optional;

/**
 * The database's row of the VMM as the reconciler's read API answers it, and its instance's state (empty when the
 * VMM has no instance or the instance could not be read).
 */
public record DatabaseView(VmmView vmm, Optional<String> instanceState) {

    public DatabaseView {
        Objects.requireNonNull(vmm, "vmm");
        Objects.requireNonNull(instanceState, "instanceState");
    }
}
