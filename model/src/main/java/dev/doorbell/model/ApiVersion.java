package dev.doorbell.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the sled state API, named by the client in the {@code api-version} header
 * (server-side versioning: the server answers in that version's shape). Versions are strict
 * semantic versions {@code MAJOR.MINOR.PATCH} without leading zeros, pre-release or build parts,
 * ordered numerically.
 *
 * <ul>
 *   <li>{@link #V1} {@code 1.0.0}: the original shapes.</li>
 *   <li>{@link #V2} {@code 2.0.0}: adds {@code failure_reason} and {@code POST /vmms/states}.</li>
 * </ul>
 */
public record ApiVersion(int major, int minor, int patch) implements Comparable<ApiVersion> {

    /** The header that names the version. */
    public static final String HEADER = "api-version";
    public static final ApiVersion V1 = new ApiVersion(1, 0, 0);
    public static final ApiVersion V2 = new ApiVersion(2, 0, 0);
    /** Every version this code knows, oldest first. */
    public static final List<ApiVersion> KNOWN = List.of(V1, V2);

    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");
    private static final Comparator<ApiVersion> ORDER = Comparator.comparingInt(ApiVersion::major)
            .thenComparingInt(ApiVersion::minor)
            .thenComparingInt(ApiVersion::patch);

    public ApiVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts must be >= 0");
        }
    }

    /**
     * Parses a header value strictly: exactly {@code MAJOR.MINOR.PATCH}, no surrounding spaces.
     *
     * @throws IllegalArgumentException if {@code text} is null or malformed
     */
    public static ApiVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing api version");
        }
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed api version: '" + text + "' (expected MAJOR.MINOR.PATCH)");
        }
        return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** @return the newest version this code knows */
    public static ApiVersion newest() {
        return KNOWN.get(KNOWN.size() - 1);
    }

    /** @return the newest of {@code versions} */
    public static ApiVersion newestOf(Collection<ApiVersion> versions) {
        return versions.stream().max(ORDER).orElseThrow(() -> new IllegalArgumentException("no versions"));
    }

    /** @return true if this version's {@code VmmRuntimeState} has {@code failure_reason} */
    public boolean supportsFailureReason() {
        return isAtLeast(V2);
    }

    /** @return true if this version offers the batch endpoint {@code POST /vmms/states} */
    public boolean supportsBatchStates() {
        return isAtLeast(V2);
    }

    public boolean isAtLeast(ApiVersion other) {
        return compareTo(Objects.requireNonNull(other)) >= 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return ORDER.compare(this, o);
    }

    /** @return the header form, e.g. {@code 2.0.0} */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
