package dev.doorbell.bench.latency;

import dev.doorbell.bench.stack.BenchStack;
import dev.doorbell.bench.stack.ChangeDriver;
import dev.doorbell.bench.stack.DeliveryMode;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a {@link WarmupPlan} before anything is measured: each mode in turn, its slices lowest rate
 * first, changing VMMs picked at random from the first {@code vmms} of the fleet; what the slices
 * measure is dropped. The one warm-up of the latency and scale benches.
 */
public final class ModeWarmUp {

    private ModeWarmUp() {}

    /**
     * @param drain how long to wait, after a mode's slice, for its changes to be applied
     */
    public static void run(BenchStack stack, ChangeDriver driver, List<DeliveryMode> modes, WarmupPlan plan, int vmms,
                           Function<DeliveryMode, Duration> drain) throws Exception {
        for (DeliveryMode mode : modes) {
            stack.use(mode);
            SplittableRandom random = new SplittableRandom(7);
            for (WarmupPlan.Slice slice : plan.slices()) {
                stack.measure(() -> driver.steady(mode, slice.rate(), slice.length(), () -> random.nextInt(vmms),
                        i -> 0, "warm-up " + mode.wireName() + " " + slice.rate() + "/s"), drain.apply(mode));
            }
        }
    }
}
