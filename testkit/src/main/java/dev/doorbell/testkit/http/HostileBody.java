package dev.doorbell.testkit.http;

import java.nio.charset.StandardCharsets;

/**
 * A body no JSON endpoint may accept.
 *
 * @param label       how a report names it
 * @param contentType the {@code Content-Type} to send it with, or {@code null} for none
 * @param bytes       the body
 */
record HostileBody(String label, String contentType, byte[] bytes) {

    static HostileBody json(String label, byte[] bytes) {
        return new HostileBody(label, "application/json", bytes);
    }

    static HostileBody json(String label, String text) {
        return json(label, text.getBytes(StandardCharsets.UTF_8));
    }
}
