package dev.doorbell.http;

import java.util.Map;

/**
 * A health report: {@code /health} answers 200 when {@code up}, else 503, with the details.
 */
public record Health(boolean up, Map<String, Object> details) {
    public Health {
        details = Map.copyOf(details);
    }

    public static Health up(Map<String, Object> details) {
        return new Health(true, details);
    }

    public static Health down(Map<String, Object> details) {
        return new Health(false, details);
    }
}
