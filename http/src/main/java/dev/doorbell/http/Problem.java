package dev.doorbell.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail: {@code type}, {@code title}, {@code status}, {@code detail} and
 * extension members. Served as {@code application/problem+json}. A problem never carries a stack
 * trace; {@code detail} must be safe to show the client.
 */
public record Problem(URI type, String title, int status, String detail, Map<String, Object> extensions) {
    /** The generic type: the title is then the HTTP reason phrase. */
    public static final URI ABOUT_BLANK = URI.create("about:blank");
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx, was " + status);
        }
        extensions = Map.copyOf(Objects.requireNonNull(extensions, "extensions"));
        for (String reserved : new String[] {"type", "title", "status", "detail", "instance"}) {
            if (extensions.containsKey(reserved)) {
                throw new IllegalArgumentException("extension member may not be named " + reserved);
            }
        }
    }

    /** A generic problem for {@code status} ({@code about:blank}, title = reason phrase). */
    public static Problem of(int status, String detail) {
        return new Problem(ABOUT_BLANK, Reasons.phrase(status), status, detail, Map.of());
    }

    /** A problem of a specific type, e.g. {@code urn:doorbell:problem:unsupported-api-version}. */
    public static Problem of(URI type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, Map.of());
    }

    /** @return this problem with one more extension member */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, more);
    }

    /** @return this problem as the JSON object members, standard members first */
    public Map<String, Object> toJsonMembers() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", type.toString());
        members.put("title", title);
        members.put("status", status);
        if (detail != null) {
            members.put("detail", detail);
        }
        members.putAll(extensions);
        return members;
    }
}
