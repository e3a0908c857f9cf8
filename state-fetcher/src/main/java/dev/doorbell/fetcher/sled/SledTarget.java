package dev.doorbell.fetcher.sled;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * Where a sled's state API lives, as the directory (the {@code sleds} table) says: never taken
 * from a doorbell.
 *
 * @param sledId  the sled's id
 * @param baseUrl {@code http://host:port} (an optional path prefix is kept; no query or fragment)
 */
public record SledTarget(UUID sledId, URI baseUrl) {

    public SledTarget {
        Objects.requireNonNull(sledId, "sledId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("sled base URL must be http or https: " + baseUrl);
        }
        if (baseUrl.getHost() == null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("sled base URL needs a host and no query or fragment: " + baseUrl);
        }
    }

    /** @return {@code GET /vmms/{id}/state} on this sled */
    public URI stateOf(UUID vmmId) {
        return URI.create(base() + "/vmms/" + vmmId + "/state");
    }

    /** @return {@code POST /vmms/states} on this sled */
    public URI batchStates() {
        return URI.create(base() + "/vmms/states");
    }

    // String concatenation, not URI.resolve: resolve mishandles a base with an empty path.
    private String base() {
        String text = baseUrl.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(0, end);
    }
}
