package dev.doorbell.fetcher.sled;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;

import java.util.List;
import java.util.Objects;

/** What one fetch of one VMM's state from its sled came to. A closed set: switch over it. */
public sealed interface VmmFetchResult {

    /** The sled answered the VMM's state, in the shape of {@code version} (the version asked for). */
    record Found(SledVmmState state, ApiVersion version) implements VmmFetchResult {
        public Found {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(version, "version");
        }
    }

    /** The sled answered 404 (or listed the id as unknown): it does not know the VMM. */
    record NotFound(ApiVersion version) implements VmmFetchResult {
        public NotFound {
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * No answer to act on. {@code retryable}: 5xx, 408, 429, timeouts, refused or reset
     * connections and unparseable bodies are worth retrying after a back-off; other unexpected
     * answers (4xx, redirects) are not.
     */
    record Failed(String error, boolean retryable) implements VmmFetchResult {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The sled answered 400 to the {@code api-version} asked for, naming the versions it
     * {@code supported} (oldest first): fall back to one of them and remember it for the sled.
     */
    record VersionRejected(List<ApiVersion> supported) implements VmmFetchResult {
        public VersionRejected {
            supported = List.copyOf(supported);
        }
    }
}
