package dev.doorbell.chaos;

import dev.doorbell.bench.control.ControlPlaneReplacement;
import dev.doorbell.bench.control.FleetSeeder;
import dev.doorbell.reconciler.control.StartedVmm;
import dev.doorbell.sledsim.LoadDriver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Hundreds of VMMs changing state: the control plane places {@code vmmsPerSled} VMMs on each sled
 * (instances created and started through the control API), then a sled-sim {@link LoadDriver} per
 * sled makes {@code changesPerSecond} state changes per second among them (steps, reboots, stops,
 * crashes); the control plane starts the instance of an ended VMM again on its sled.
 */
final class Storm implements AutoCloseable {

    private final List<LoadDriver> drivers;
    private final List<ControlPlaneReplacement> replacements;
    private final int initialVmms;

    private Storm(List<LoadDriver> drivers, List<ControlPlaneReplacement> replacements, int initialVmms) {
        this.drivers = drivers;
        this.replacements = replacements;
        this.initialVmms = initialVmms;
    }

    /** Has the control plane place the VMMs (each rings) and starts changing them. */
    static Storm start(ChaosPipeline pipeline, int vmmsPerSled, double changesPerSecondPerSled) {
        List<ChaosSled> sleds = pipeline.sleds();
        List<UUID> sledOfEach = new ArrayList<>();
        sleds.forEach(sled -> sledOfEach.addAll(Collections.nCopies(vmmsPerSled, sled.id())));
        List<StartedVmm> placed = new FleetSeeder(pipeline.control(), FleetSeeder.DEFAULT_CONCURRENCY)
                .place(sledOfEach, "storm", 1, FleetSeeder.Progress.none());
        List<LoadDriver> drivers = new ArrayList<>();
        List<ControlPlaneReplacement> replacements = new ArrayList<>();
        for (ChaosSled sled : sleds) {
            List<UUID> own = placed.stream().filter(v -> v.sledId().equals(sled.id())).map(StartedVmm::vmmId).toList();
            ControlPlaneReplacement replacement = new ControlPlaneReplacement(pipeline.control(), sled.id());
            replacements.add(replacement);
            drivers.add(sled.simulator().drive(own, changesPerSecondPerSled, replacement));
        }
        return new Storm(drivers, replacements, vmmsPerSled * sleds.size());
    }

    /** The VMMs the storm started with, all sleds together. */
    int initialVmms() {
        return initialVmms;
    }

    /** Stops changing VMMs and asking for replacements; their states stay as they are. */
    void stop() {
        drivers.forEach(LoadDriver::close);
        replacements.forEach(ControlPlaneReplacement::close);
    }

    @Override
    public void close() {
        stop();
    }
}
