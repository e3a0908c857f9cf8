package dev.doorbell.reconciler.sweep;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.reconciler.control.SledEndpoint;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A VMM's sled as a sweep reads it: the {@code sled} row, or only the id if the table has no row for it.
 *
 * @param id          the VMM's {@code sled_id}
 * @param address     the sled-agent's base URL; {@code null} if the sled is not registered
 * @param apiVersions the versions it registered
 * @param state       {@code active}, {@code off} or {@code expunged}; {@code null} if not registered
 */
record SweptSled(UUID id, String address, List<String> apiVersions, String state) {

    SweptSled {
        Objects.requireNonNull(id, "id");
        apiVersions = apiVersions == null ? List.of() : List.copyOf(apiVersions);
    }

    /**
     * Where to ask this sled for many states at once: with the newest version both it (as
     * registered) and this code know, if that version has {@code POST /vmms/states}; empty for a
     * sled not registered, expunged, registered with no such version, or with an unusable address.
     */
    Optional<SledEndpoint> batchEndpoint() {
        if (address == null || state == null || "expunged".equals(state)) {
            return Optional.empty();
        }
        ApiVersion best = SledEndpoint.newestKnown(apiVersions).orElse(null);
        if (best == null || !best.supportsBatchStates()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(address);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(new SledEndpoint(id, uri, best));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
