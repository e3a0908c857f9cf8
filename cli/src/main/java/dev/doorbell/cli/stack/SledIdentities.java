package dev.doorbell.cli.stack;

import dev.doorbell.cli.demo.StackClient;
import dev.doorbell.cli.demo.StackClient.SledInfo;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The sled identities a run of {@code up} on a data directory takes over from the runs before it,
 * as a rack that powers up again: its sleds come back under the ids they registered with, holding
 * no VMMs, so the watcher finds their earlier VMMs gone ({@code NO_SUCH_INSTANCE}: failed
 * {@code no_such_instance}, their instances free to start again). Sleds of earlier runs beyond the
 * number this run starts are not coming back: they are expunged, so the watcher fails their VMMs
 * ({@code sled_expunged}) without calling them, and nothing rings a sled that no longer exists.
 *
 * @param reused ids of earlier sleds this run starts again, in id order
 * @param expunged ids of earlier sleds this run does not start, to be expunged
 */
record SledIdentities(List<UUID> reused, List<UUID> expunged) {

    SledIdentities {
        reused = List.copyOf(reused);
        expunged = List.copyOf(expunged);
    }

    /**
     * @param registered every sled the control plane knows (any state)
     * @param sleds how many sleds this run starts
     */
    static SledIdentities choose(List<SledInfo> registered, int sleds) {
        if (sleds < 0) {
            throw new IllegalArgumentException("sleds must be >= 0, was " + sleds);
        }
        List<UUID> earlier = registered.stream()
                .filter(sled -> !"expunged".equals(sled.state()))
                .map(SledInfo::id)
                .sorted(Comparator.naturalOrder())
                .toList();
        int reusable = Math.min(sleds, earlier.size());
        return new SledIdentities(earlier.subList(0, reusable), earlier.subList(reusable, earlier.size()));
    }

    /**
     * Takes over the sleds the control plane at {@code controlUrl} knows: chooses as {@link #choose} does and expunges
     * those this run does not start again.
     */
    static SledIdentities takeOver(URI controlUrl, int sleds) throws IOException, InterruptedException {
        try (StackClient client = new StackClient(controlUrl)) {
            SledIdentities identities = choose(client.sleds(), sleds);
            for (UUID gone : identities.expunged()) {
                client.sledExpunge(gone);
            }
            return identities;
        }
    }

    /** The id of the {@code index}th sled this run starts: an earlier sled's, or a new one. */
    UUID idOf(int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException(index);
        }
        return index < reused.size() ? reused.get(index) : UUID.randomUUID();
    }

    /** For the progress line. */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(reused.size() + " sled" + (reused.size() == 1 ? "" : "s") + " back under their ids");
        if (!expunged.isEmpty()) {
            parts.add(expunged.size() + " expunged");
        }
        return String.join(", ", parts);
    }
}
