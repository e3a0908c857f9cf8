package dev.doorbell.sledsim;

import dev.doorbell.http.Problem;
import dev.doorbell.http.ProblemException;
import dev.doorbell.model.ApiVersion;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the version a request is answered in from its {@code api-version} header. A missing or
 * malformed header, or a version this sled does not support, is a 400 problem of type
 * {@link #UNSUPPORTED} whose {@code supported_versions} lists what the sled speaks, so a client
 * can fall back.
 */
public final class ApiVersionNegotiator {
    public static final URI UNSUPPORTED = URI.create("urn:doorbell:problem:unsupported-api-version");
    private final Set<ApiVersion> supported;
    private final List<String> supportedText;

    public ApiVersionNegotiator(Set<ApiVersion> supported) {
        if (supported.isEmpty()) {
            throw new IllegalArgumentException("a sled supports at least one api version");
        }
        this.supported = Set.copyOf(supported);
        this.supportedText = new TreeSet<>(supported).stream().map(ApiVersion::toString).toList();
    }

    /** @return the version named by {@code header} */
    public ApiVersion require(String header) {
        if (header == null) {
            throw problem("the api-version header is required");
        }
        ApiVersion version;
        try {
            version = ApiVersion.parse(header);
        } catch (IllegalArgumentException e) {
            throw problem("malformed api-version header (expected MAJOR.MINOR.PATCH)");
        }
        if (!supported.contains(version)) {
            throw problem("api version " + version + " is not supported by this sled");
        }
        return version;
    }

    /** @return the version named by {@code header}, or the newest supported one if there is none */
    public ApiVersion requireOrNewest(String header) {
        return header == null ? newest() : require(header);
    }

    public ApiVersion newest() {
        return ApiVersion.newestOf(supported);
    }

    public Set<ApiVersion> supported() {
        return supported;
    }

    private ProblemException problem(String detail) {
        return new ProblemException(Problem.of(UNSUPPORTED, "Unsupported API version", 400, detail)
                .with("supported_versions", supportedText));
    }
}
