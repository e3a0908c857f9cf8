package dev.doorbell.cli.bench;

import dev.doorbell.bench.latency.LeadIn;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The benches' {@code --lead-in}: the {@link LeadIn#DEFAULT} rule lasting at most the given time, none for 0. */
final class LeadInOption {

    static final String DESCRIPTION_TAIL = "until JIT compilation has settled under that load (< 100 ms over 5 s), at most this long; "
            + "0 for none (default: ${DEFAULT-VALUE}).";

    private LeadInOption() {}

    static Optional<LeadIn> of(CommandSpec spec, Duration max) {
        if (max.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--lead-in must not be negative: " + max);
        }
        return max.isZero() ? Optional.empty() : Optional.of(LeadIn.DEFAULT.upTo(max));
    }
}
