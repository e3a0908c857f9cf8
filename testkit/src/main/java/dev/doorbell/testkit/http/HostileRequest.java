package dev.doorbell.testkit.http;

import java.util.Objects;

/**
 * One generated malformed request: the exact bytes to send and what the service must answer.
 *
 * <p>The acceptance rule is precise. Every case must be answered with a 4xx status
 * ({@code expectedStatus} exactly, when it is not 0) and an {@code application/problem+json} body;
 * only a case of kind {@link Kind#NOT_HTTP} (bytes that do not form an HTTP/1.x request head at all)
 * may instead see the server close the connection without sending a byte.
 *
 * @param name           a short unique description, e.g. {@code path-param PUT /vmms/{id} id='%2e%2e'}
 * @param kind           what is wrong with it
 * @param bytes          the request, byte for byte
 * @param expectedStatus the one acceptable status, or 0 for any 4xx
 */
public record HostileRequest(String name, Kind kind, byte[] bytes, int expectedStatus) {

    /** What is wrong with a request. */
    public enum Kind {
        /** Not an HTTP/1.x request head at all: garbage, another protocol, a head cut off. */
        NOT_HTTP,
        /** An HTTP request that breaks the message syntax: request line, header fields, framing. */
        MALFORMED_HTTP,
        /** Request line, headers or body over the service's limits. */
        OVERSIZED,
        /** A method the path does not have. */
        BAD_METHOD,
        /** A path parameter that is not a UUID (or a path that traversal changed). */
        BAD_PATH_PARAMETER,
        /** A header the endpoint reads as a UUID, with another value. */
        BAD_HEADER,
        /** A query parameter the endpoint reads, with an invalid value. */
        BAD_QUERY,
        /** A body the endpoint cannot accept: malformed JSON, wrong shapes and types, wrong encodings. */
        BAD_BODY
    }

    public HostileRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(bytes, "bytes");
        if (expectedStatus != 0 && (expectedStatus < 400 || expectedStatus > 499)) {
            throw new IllegalArgumentException("expected status must be 0 or 4xx, was " + expectedStatus);
        }
    }

    /** @return whether the server may answer by closing the connection without a response */
    public boolean mayCloseSilently() {
        return kind == Kind.NOT_HTTP;
    }

    @Override
    public String toString() {
        return name + " [" + kind + (expectedStatus == 0 ? "" : ", expects " + expectedStatus) + ", " + bytes.length + " bytes]";
    }
}
