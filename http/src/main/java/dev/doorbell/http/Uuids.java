package dev.doorbell.http;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Strict UUID text: exactly 8-4-4-4-12 hexadecimal digits (either case). */
public final class Uuids {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    /** @return the UUID, or empty unless {@code text} is in canonical form ({@link UUID#fromString} alone is lax) */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36 || !CANONICAL.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(text));
    }
}
