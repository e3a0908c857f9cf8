package dev.doorbell.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The error body a service under test must answer with: Doorbell's own services write RFC 9457
 * problems; the simulated sled-agent writes dropshot's error bodies, as omicron's sled-agent does.
 */
public enum ErrorShape {
    /** {@code application/problem+json} with a matching {@code status}, a {@code title} and a {@code type}. */
    PROBLEM_JSON {
        @Override
        Optional<String> violation(int status, RawResponse response) {
            Optional<JsonNode> body = jsonObject(response, "application/problem+json");
            if (body.isEmpty()) {
                return Optional.of(notJson(response, "application/problem+json"));
            }
            JsonNode problem = body.get();
            if (problem.path("status").asInt() != status || !problem.path("title").isTextual() || !problem.path("type").isTextual()) {
                return Optional.of("problem body lacks a matching status, a title or a type");
            }
            return Optional.empty();
        }
    },
    /**
     * dropshot's {@code HttpErrorResponseBody}: {@code application/json} with a textual
     * {@code request_id} and {@code message}, an optional textual (or null) {@code error_code}, and
     * nothing else.
     */
    DROPSHOT {
        @Override
        Optional<String> violation(int status, RawResponse response) {
            Optional<JsonNode> body = jsonObject(response, "application/json");
            if (body.isEmpty()) {
                return Optional.of(notJson(response, "application/json"));
            }
            JsonNode error = body.get();
            if (!error.path("request_id").isTextual() || !error.path("message").isTextual()) {
                return Optional.of("dropshot error body lacks a request_id or a message");
            }
            JsonNode code = error.path("error_code");
            if (!code.isMissingNode() && !code.isNull() && !code.isTextual()) {
                return Optional.of("dropshot error_code is neither text nor null");
            }
            for (Iterator<String> names = error.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!DROPSHOT_MEMBERS.contains(name)) {
                    return Optional.of("dropshot error body has an unexpected member '" + name + "'");
                }
            }
            return Optional.empty();
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> DROPSHOT_MEMBERS = Set.of("request_id", "error_code", "message");

    /** @return what is wrong with the body of an error response of {@code status}, or empty if nothing */
    abstract Optional<String> violation(int status, RawResponse response);

    private static Optional<JsonNode> jsonObject(RawResponse response, String mediaType) {
        String contentType = response.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith(mediaType)) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(response.body());
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String notJson(RawResponse response, String mediaType) {
        return "content type '" + response.header("content-type").orElse("") + "' or body is not a " + mediaType + " object";
    }
}
