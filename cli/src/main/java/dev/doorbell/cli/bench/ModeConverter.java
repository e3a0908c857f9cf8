package dev.doorbell.cli.bench;

import dev.doorbell.bench.stack.DeliveryMode;
import picocli.CommandLine.ITypeConverter;

/** Reads a mode's wire name ({@code doorbell}, {@code upcall-body}, {@code direct-upcall}, {@code watcher-only}). */
public final class ModeConverter implements ITypeConverter<DeliveryMode> {

    @Override
    public DeliveryMode convert(String value) {
        return DeliveryMode.parse(value);
    }
}
