package dev.doorbell.fetcher;

import dev.doorbell.model.ApiVersion;
import dev.doorbell.model.SledRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which state API version to ask each sled with, negotiated without a list (a dropshot sled refuses
 * a version it does not speak with a 400 that names none). Starts with the newest this fetcher
 * knows; a sled that refuses a version gets the next older one in {@link ApiVersion#KNOWN}, newest
 * first, and what it accepted is remembered per sled until the sled's directory record changes (an
 * updated sled-agent registers again) or, failing that, for {@code reprobeAfter} (an online update
 * moves sleds one by one, and a sled may be updated without registering again), after which the
 * newest is tried again. A sled that refuses every known version is a failure to the caller, and
 * the next attempt starts from the newest again. Shared by every stream task; thread-safe.
 */
public final class SledVersions {

    private record Choice(ApiVersion version, long chosenAtMs) {}

    private final ConcurrentHashMap<UUID, Choice> choices = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, SledRecord> registrations = new ConcurrentHashMap<>();
    private final Duration reprobeAfter;

    public SledVersions(Duration reprobeAfter) {
        this.reprobeAfter = reprobeAfter;
    }

    /** The version to ask {@code sled}, registered in the directory as {@code registration}, with now. */
    public ApiVersion versionFor(UUID sled, SledRecord registration, long nowMs) {
        SledRecord before = registrations.put(sled, registration);
        if (before != null && !before.equals(registration)) {
            choices.remove(sled); // registered again: what it refused before says nothing about it now
        }
        Choice choice = choices.get(sled);
        if (choice == null) {
            return ApiVersion.newest();
        }
        if (choice.version().compareTo(ApiVersion.newest()) < 0 && nowMs - choice.chosenAtMs() >= reprobeAfter.toMillis()) {
            choices.remove(sled, choice);
            return ApiVersion.newest();
        }
        return choice.version();
    }

    /**
     * The sled refused {@code asked}. Returns the version to ask with next, the newest known one
     * older than {@code asked}, remembered for the sled; or empty if there is none (the sled speaks
     * no version this fetcher knows), and then the sled is probed from the newest again next time.
     */
    public Optional<ApiVersion> rejected(UUID sled, ApiVersion asked, long nowMs) {
        Optional<ApiVersion> next = ApiVersion.KNOWN.stream()
                .filter(v -> v.compareTo(asked) < 0)
                .max(ApiVersion::compareTo);
        next.ifPresentOrElse(v -> choices.put(sled, new Choice(v, nowMs)), () -> choices.remove(sled));
        return next;
    }
}
