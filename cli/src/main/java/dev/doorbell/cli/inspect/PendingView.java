package dev.doorbell.cli.inspect;

import dev.doorbell.fetcher.PendingFetchView;
import java.util.List;
import java.util.Objects;

/** Whether a state fetcher holds a pending fetch for the VMM. */
public sealed interface PendingView {

    /** No fetcher URL was given: not asked. */
    record NotAsked() implements PendingView {
    }

    /** The fetcher at {@code fetcherUrl} hosts the VMM and holds this entry (which may only be cooling). */
    record Entry(String fetcherUrl, PendingFetchView fetch) implements PendingView {
        public Entry {
            Objects.requireNonNull(fetcherUrl, "fetcherUrl");
            Objects.requireNonNull(fetch, "fetch");
        }

        /** Whether a fetch is still to come or running (not merely spacing the next one). */
        public boolean active() {
            return fetch.pending();
        }
    }

    /** The fetcher at {@code fetcherUrl} hosts the VMM and holds no entry: nothing is pending. */
    record NothingPending(String fetcherUrl) implements PendingView {
        public NothingPending {
            Objects.requireNonNull(fetcherUrl, "fetcherUrl");
        }
    }

    /** No fetcher asked could say: none hosts the VMM's partition, or they did not answer; one reason per fetcher. */
    record Unknown(List<String> reasons) implements PendingView {
        public Unknown {
            reasons = List.copyOf(reasons);
        }
    }

    /** Whether this view shows a fetch pending or in flight. */
    default boolean fetchActive() {
        return this instanceof Entry entry && entry.active();
    }
}
