package dev.doorbell.cli.replay;

import java.time.Instant;
import java.util.stream.Collectors;

/**
 * One readable line per record: time, topic, {@code partition:offset}, key, value summary, headers. E.g.
 * <pre>
 * 2025-01-31T12:00:00.120Z  vmm.doorbells  3:17  0b7e…  (no body)  [source=sled sled-id=5c… rung-at=2025-01-31T12:00:00.118Z rings=1]
 * 2025-01-31T12:00:00.131Z  vmm.states     3:9   0b7e…  fetch api 2.0.0 sled 5c…, 1 ring: running gen 4  []
 * </pre>
 * The {@code rung-at} header (epoch microseconds) is shown as a time. A key longer than {@link #KEY_PREVIEW}
 * characters is cut there and its length shown (a hostile 10 KB key would bury the line); {@code --format json}
 * keeps the whole key.
 */
public final class TableRenderer implements RecordRenderer {

    /** Characters of a key shown in a table line: a VMM id (36) fits with room to spare. */
    static final int KEY_PREVIEW = 64;

    @Override
    public String render(ReplayedRecord r) {
        return String.join("  ", r.timestamp().toString(), r.topic(), r.partition() + ":" + r.offset(),
                r.key() == null ? "(no key)" : key(r.key()), value(r.value()), headers(r));
    }

    private static String key(String key) {
        String line = key.replace("\n", "\\n");
        if (line.length() <= KEY_PREVIEW) {
            return line;
        }
        return line.substring(0, KEY_PREVIEW) + "… (" + key.length() + " chars)";
    }

    /** The value as the table shows it, e.g. {@code fetch api 2.0.0 sled 5c…, 1 ring: running gen 4} or {@code (no body)}. */
    public static String value(ReplayedValue value) {
        return switch (value) {
            case ReplayedValue.NoBody ignored -> "(no body)";
            case ReplayedValue.Observation o -> ObservationSummary.of(o.observation());
            case ReplayedValue.Text t -> t.text().replace("\n", "\\n");
            case ReplayedValue.Malformed m -> "MALFORMED (" + m.reason() + "): " + Bytes.hex(m.bytes(), Bytes.TABLE_PREVIEW)
                    + " (" + m.bytes().length + " bytes)";
        };
    }

    private static String headers(ReplayedRecord r) {
        return r.headers().stream()
                .map(h -> h.name() + "=" + ("rung-at".equals(h.name()) ? micros(h.value()) : h.value()))
                .collect(Collectors.joining(" ", "[", "]"));
    }

    private static String micros(String text) {
        try {
            long micros = Long.parseLong(text);
            return Instant.EPOCH.plusNanos(Math.multiplyExact(micros, 1000L)).toString();
        } catch (NumberFormatException | ArithmeticException | NullPointerException e) {
            return String.valueOf(text);
        }
    }
}
