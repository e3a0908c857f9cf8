package dev.doorbell.chaos;

import dev.doorbell.sledsim.LoadDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * Hundreds of VMMs changing state: a sled-sim {@link LoadDriver} per sled, each keeping
 * {@code vmmsPerSled} VMMs alive and making {@code changesPerSecond} state changes per second
 * among them (steps, reboots, stops, crashes; ended VMMs are replaced by new ones).
 */
final class Storm implements AutoCloseable {

    private final List<LoadDriver> drivers;
    private final int initialVmms;

    private Storm(List<LoadDriver> drivers, int initialVmms) {
        this.drivers = drivers;
        this.initialVmms = initialVmms;
    }

    /** Creates the VMMs (each rings) and starts changing them. */
    static Storm start(List<ChaosSled> sleds, int vmmsPerSled, double changesPerSecondPerSled) {
        List<LoadDriver> drivers = new ArrayList<>();
        long seed = 20_260_000;
        for (ChaosSled sled : sleds) {
            drivers.add(new LoadDriver(sled.simulator().sled(), vmmsPerSled, changesPerSecondPerSled, seed++).start());
        }
        return new Storm(drivers, vmmsPerSled * sleds.size());
    }

    /** The VMMs the storm started with, all sleds together. */
    int initialVmms() {
        return initialVmms;
    }

    /** Stops changing VMMs; their states stay as they are. */
    void stop() {
        drivers.forEach(LoadDriver::close);
    }

    @Override
    public void close() {
        stop();
    }
}
