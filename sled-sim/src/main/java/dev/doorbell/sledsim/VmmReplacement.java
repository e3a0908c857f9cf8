package dev.doorbell.sledsim;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a {@link LoadDriver} gets a new VMM in place of one of its VMMs that ended. Under a control
 * plane a sled never creates a VMM of its own: the control plane places every VMM (and publishes
 * its placement), so a replacement is the control plane starting the ended VMM's instance again on
 * the same sled. {@link #bySled} is for a sled that runs without a control plane.
 */
@FunctionalInterface
public interface VmmReplacement {

    /**
     * Asks for a VMM in place of {@code ended}, a VMM of the driver's sled in a terminal state.
     * Returns at once (it is called on the driver's thread); the stage completes with the new VMM's
     * id once that VMM is on the sled, or empty if no replacement will come (e.g. the instance was
     * given another VMM, or the control plane will not start it on this sled).
     */
    CompletionStage<Optional<UUID>> replace(Vmm ended);

    /**
     * A sled without a control plane: it creates the new VMM itself, for the same instance, and asks
     * it to run. A reconciler knows nothing of such a VMM.
     */
    static VmmReplacement bySled(Sled sled) {
        return ended -> CompletableFuture.completedFuture(Optional.of(LoadDriver.createRunning(sled, ended.instanceId())));
    }
}
