package dev.doorbell.cli.bench;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads durations as {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 3m}, a bare number of seconds ({@code 15}) or
 * ISO-8601 ({@code PT2S}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.matches("\\d+(\\.\\d+)?m")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
        }
        return Duration.parse(t);
    }
}
