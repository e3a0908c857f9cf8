package dev.doorbell.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response as it came over the socket.
 *
 * @param status  the status code
 * @param headers header values by lower-case name
 * @param body    the body, de-chunked
 */
public record RawResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public RawResponse {
        headers = Map.copyOf(headers);
    }

    /** @return the first value of header {@code name} (any case) */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = bodyText();
        return status + " " + header("content-type").orElse("(no content type)") + " "
                + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
}
