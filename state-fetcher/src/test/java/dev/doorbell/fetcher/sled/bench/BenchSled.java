package dev.doorbell.fetcher.sled.bench;

import dev.doorbell.sledsim.EnsureRequest;
import dev.doorbell.sledsim.RequestedState;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import dev.doorbell.sledsim.StateRequest;
import dev.doorbell.sledsim.SteppingMode;
import dev.doorbell.sledsim.VmmLifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * The sled for {@link SledClientBench}, in its own process so that the client's CPU can be measured
 * apart from the server's. Creates {@code vmms} running VMMs with ids {@link #vmmId(int)} (every
 * tenth crashed, so 2.0.0 answers carry {@code failure_reason}), prints {@code READY <base url>},
 * and serves until its standard input closes. Usage: {@code BenchSled vmms}.
 */
public final class BenchSled {
    private static final long ID_PREFIX = 0xB0B0_0000_0000_0000L;

    private BenchSled() {
    }

    /** @return the id of the {@code i}th VMM a bench sled holds */
    public static UUID vmmId(int i) {
        return new UUID(ID_PREFIX, i);
    }

    public static void main(String[] args) throws IOException {
        int vmms = Integer.parseInt(args[0]);
        SledSimConfig config = SledSimConfig.defaults().withStepping(SteppingMode.EXPLICIT, Duration.ZERO);
        try (SledSimulator sim = SledSimulator.start(config, null)) {
            for (int i = 0; i < vmms; i++) {
                UUID id = vmmId(i);
                sim.sled().ensure(id, EnsureRequest.of(UUID.randomUUID()));
                sim.sled().request(id, StateRequest.of(RequestedState.RUNNING));
                sim.sled().poke(id);
                if (i % 10 == 0) {
                    sim.sled().fault(id, VmmLifecycle.PROPOLIS_CRASHED);
                }
            }
            System.out.println("READY " + sim.baseUrl());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent closes our input (or dies)
            }
        }
    }
}
