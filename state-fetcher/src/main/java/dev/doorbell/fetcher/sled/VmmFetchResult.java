package dev.doorbell.fetcher.sled;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledVmmState;

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

    /**
     * The sled says it does not know the VMM, explicitly: a 404 whose dropshot body carries
     * {@code error_code} {@code NO_SUCH_INSTANCE} (omicron's {@code vmm_gone()}), or the id listed in
     * a batch answer's {@code unknown_ids}. Nothing else is: a 404 without that code (a proxy, a
     * wrong path, an endpoint missing in the version asked) is a {@link Failed}.
     */
    record NotFound(ApiVersion version) implements VmmFetchResult {
        public NotFound {
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * No answer to act on. {@code retryable}: every answer other than the ones above (any other
     * status, a 404 without {@code NO_SUCH_INSTANCE}, a 410, an unparseable body) and every timeout,
     * refused or reset connection is worth retrying after a back-off; only a request that could not
     * even be made (an unusable address) is not.
     */
    record Failed(String error, boolean retryable) implements VmmFetchResult {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The sled answered 400 to the {@code api-version} asked for. Like dropshot it lists nothing it
     * does support: the caller falls back to the next older version it knows, newest first, and
     * remembers what worked for the sled.
     *
     * @param message the sled's message, for the log (empty if it sent none)
     */
    record VersionRejected(String message) implements VmmFetchResult {
        public VersionRejected {
            Objects.requireNonNull(message, "message");
        }
    }
}
