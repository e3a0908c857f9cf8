package dev.doorbell.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler answers: a status, extra headers, and a body that is either absent, raw bytes
 * (with {@code contentType}), or any object the service's mapper writes as JSON.
 */
public record HttpResponse(int status, Map<String, String> headers, Object body, String contentType) {
    public static final String JSON = "application/json";

    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("bad status " + status);
        }
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** {@code status} with {@code body} written as JSON. */
    public static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, Map.of(), Objects.requireNonNull(body, "body"), JSON);
    }

    /** 200 with {@code body} written as JSON. */
    public static HttpResponse ok(Object body) {
        return json(200, body);
    }

    /** {@code status} without a body, e.g. 202 or 204. */
    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Map.of(), null, null);
    }

    /** {@code status} with raw bytes of {@code contentType}. */
    public static HttpResponse bytes(int status, byte[] body, String contentType) {
        return new HttpResponse(status, Map.of(), body, Objects.requireNonNull(contentType, "contentType"));
    }

    /** The response for a problem, written in the shape of the service's {@link ErrorRenderer}. */
    public static HttpResponse problem(Problem problem) {
        return new HttpResponse(problem.status(), Map.of(), problem, Problem.MEDIA_TYPE);
    }

    /** @return this response with one more header */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, more, body, contentType);
    }
}
