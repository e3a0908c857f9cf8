package dev.doorbell.cli.soak;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code doorbell bench soak} runs.
 *
 * @param length       how long the churn runs
 * @param killEvery    a component process is SIGKILLed this often (in rotation), and restarted by the fleet
 * @param sampleEvery  how often memory and lag are sampled
 * @param vmmsPerSled  VMMs each of the stack's sleds keeps
 * @param churnPerSled state changes per second per sled
 */
public record SoakSettings(Duration length, Duration killEvery, Duration sampleEvery, int vmmsPerSled, double churnPerSled) {

    public SoakSettings {
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(killEvery, "killEvery");
        Objects.requireNonNull(sampleEvery, "sampleEvery");
        if (length.isNegative() || length.isZero() || killEvery.isNegative() || killEvery.isZero() || sampleEvery.isNegative()
                || sampleEvery.isZero()) {
            throw new IllegalArgumentException("the soak's length, kill interval and sample interval must be positive");
        }
        if (vmmsPerSled < 1 || churnPerSled <= 0) {
            throw new IllegalArgumentException("at least one VMM per sled and some churn");
        }
    }
}
