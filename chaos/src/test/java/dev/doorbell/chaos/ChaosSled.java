package dev.doorbell.chaos;

import dev.doorbell.model.SledVmmState;
import dev.doorbell.sledsim.SledSimulator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One simulated sled of a {@link ChaosPipeline}.
 *
 * @param simulator the sled-agent (its HTTP API, its VMMs)
 * @param doorbell  its doorbell, which knows every VMM the sled ever reported and how many changes
 * @param proxy     the proxy the directory names instead of the sled, if the pipeline has proxies
 */
record ChaosSled(SledSimulator simulator, RecordingDoorbell doorbell, Optional<TcpProxy> proxy) {

    UUID id() {
        return simulator.config().sledId();
    }

    /** Every VMM this sled reported. */
    Set<UUID> vmms() {
        return doorbell.vmms();
    }

    /** The sled's current state of {@code vmm} (empty once past retention). */
    Optional<SledVmmState> state(UUID vmm) {
        return simulator.sled().state(vmm);
    }

    /** Observable state changes this sled made so far. */
    long stateChanges() {
        return doorbell.rings();
    }
}
