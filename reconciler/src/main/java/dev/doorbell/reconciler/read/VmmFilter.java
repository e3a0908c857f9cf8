package dev.doorbell.reconciler.read;

import dev.doorbell.http.HttpRequest;
import dev.doorbell.http.ProblemException;
import dev.doorbell.http.Uuids;
import dev.doorbell.model.VmmState;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which VMMs {@code GET /v1/vmms} lists: {@code ?sled=<id>} (those placed on that sled) and
 * {@code ?state=<state>} (those in that state, by its wire name, e.g. {@code running}); either,
 * both or neither. A malformed sled id or an unknown state is a 400 naming what is accepted.
 *
 * @param sled  only VMMs on this sled, or any
 * @param state only VMMs in this state, or any
 */
public record VmmFilter(Optional<UUID> sled, Optional<VmmState> state) {

    public static final VmmFilter ALL = new VmmFilter(Optional.empty(), Optional.empty());

    /** Reads {@code sled} and {@code state} from the query. */
    public static VmmFilter from(HttpRequest request) {
        Optional<UUID> sled = request.queryParam("sled").map(text -> Uuids.parse(text)
                .orElseThrow(() -> ProblemException.badRequest("sled must be a UUID")));
        Optional<VmmState> state = request.queryParam("state").map(VmmFilter::state);
        return new VmmFilter(sled, state);
    }

    private static VmmState state(String text) {
        try {
            return VmmState.fromWire(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("state must be one of "
                    + Arrays.stream(VmmState.values()).map(VmmState::wireName).collect(Collectors.joining(", ")));
        }
    }
}
