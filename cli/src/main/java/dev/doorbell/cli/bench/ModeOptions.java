package dev.doorbell.cli.bench;

import dev.doorbell.bench.stack.DeliveryMode;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the scenarios that compare delivery modes: which modes, the watcher-only sweep period, the database polling. */
public final class ModeOptions {

    @Option(names = "--modes", split = ",", defaultValue = "doorbell,upcall-body,direct-upcall,watcher-only", converter = ModeConverter.class,
            description = "Modes to run, in order (default: ${DEFAULT-VALUE}).")
    List<DeliveryMode> modes;

    @Option(names = "--sweep-period", defaultValue = "2s", converter = DurationConverter.class,
            description = "Watcher sweep period in watcher-only mode, e.g. 2s or 500ms (default: ${DEFAULT-VALUE}).")
    Duration sweepPeriod;

    @Option(names = "--poll-interval-ms", defaultValue = "5", description = "Database polling interval (default: ${DEFAULT-VALUE}).")
    int pollMillis;

    Duration pollInterval() {
        return Duration.ofMillis(pollMillis);
    }
}
