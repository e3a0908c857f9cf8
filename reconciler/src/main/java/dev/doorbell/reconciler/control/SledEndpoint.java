package dev.doorbell.reconciler.control;

import dev.doorbell.model.ApiVersion;
import java.net.URI;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where and how to call one sled-agent: its id, base URL, and the state API version to name in
 * the {@code api-version} header.
 */
public record SledEndpoint(UUID sledId, URI address, ApiVersion apiVersion) {

    public SledEndpoint {
        Objects.requireNonNull(sledId, "sledId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(apiVersion, "apiVersion");
    }

    /**
     * The endpoint of a registered sled: the newest of its registered versions that this code knows,
     * or this code's newest if it registered none we know.
     */
    public static SledEndpoint of(UUID sledId, String address, Collection<String> registeredVersions) {
        return new SledEndpoint(sledId, URI.create(address), newestKnown(registeredVersions).orElse(ApiVersion.newest()));
    }

    /** The newest of a sled's registered versions that this code knows; empty if it registered none we know. */
    public static Optional<ApiVersion> newestKnown(Collection<String> registeredVersions) {
        ApiVersion best = null;
        for (String text : registeredVersions) {
            try {
                ApiVersion v = ApiVersion.parse(text);
                if (ApiVersion.KNOWN.contains(v) && (best == null || v.compareTo(best) > 0)) {
                    best = v;
                }
            } catch (IllegalArgumentException e) {
                // validated at registration; ignore anything else
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the URL of {@code path} (starting with {@code /}) on this sled */
    public URI resolve(String path) {
        String base = address.toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }
}
