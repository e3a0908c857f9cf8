package dev.doorbell.sledsim;

import dev.doorbell.model.ApiVersion;

import java.util.Set;

/**
 * Picks the version a request is answered in from its {@code api-version} header, as dropshot's
 * {@code ClientSpecifiesVersionInHeader} does for omicron's sled-agent: the header is required on
 * every request; a version is accepted if this code knows it ({@link ApiVersion#KNOWN}) and it is
 * not newer than the newest this sled is configured with. Everything else is a 400 without an
 * error code whose message says what was wrong and, like dropshot, lists nothing: a client that
 * was refused falls back through the versions it knows.
 *
 * <ul>
 *   <li>missing: {@code missing expected header "api-version"}</li>
 *   <li>unparseable: {@code bad value for header "api-version": expected MAJOR.MINOR.PATCH: <value>}</li>
 *   <li>newer than the sled's newest (or unknown): {@code server does not support this API version: <version>}</li>
 * </ul>
 */
public final class ApiVersionNegotiator {
    private static final int MAX_ECHO = 40;
    private final ApiVersion newest;

    public ApiVersionNegotiator(Set<ApiVersion> configured) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("a sled supports at least one api version");
        }
        this.newest = ApiVersion.newestOf(configured);
    }

    /** @return the version named by {@code header} */
    public ApiVersion require(String header) {
        if (header == null) {
            throw SledErrors.badRequest("missing expected header \"" + ApiVersion.HEADER + "\"");
        }
        ApiVersion version;
        try {
            version = ApiVersion.parse(header);
        } catch (IllegalArgumentException e) {
            throw SledErrors.badRequest("bad value for header \"" + ApiVersion.HEADER + "\": expected MAJOR.MINOR.PATCH: "
                    + printable(header));
        }
        if (version.compareTo(newest) > 0 || !ApiVersion.KNOWN.contains(version)) {
            throw SledErrors.badRequest("server does not support this API version: " + version);
        }
        return version;
    }

    /** @return the newest version this sled speaks */
    public ApiVersion newest() {
        return newest;
    }

    /** Header values are echoed as dropshot does, but short and printable only. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < MAX_ECHO; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return value.length() > MAX_ECHO ? out + "..." : out.toString();
    }
}
