package dev.doorbell.cli.inspect;

import java.time.Duration;
import java.util.Locale;

/** Durations as an operator reads them: {@code 850 ms}, {@code 3.2 s}, {@code 4 min 10 s}, {@code 2 h 5 min}. */
final class Durations {

    private Durations() {}

    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return d.toMinutes() + " min " + d.toSecondsPart() + " s";
        }
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
