package dev.doorbell.cli;

import dev.doorbell.cli.bench.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as {@link DurationConverter} reads it, or a usage error that names no exception class. */
final class ReadableDurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return new DurationConverter().convert(value);
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. PT10S, 10s or 500ms)");
        }
    }
}
