package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A sled's entry in the compacted {@code sleds} topic: where its sled-agent API listens and which
 * state API versions it said it speaks when it registered. The state fetcher connects only to
 * addresses from these records.
 *
 * <p>{@code expunged}: the control plane expunged the sled (for good). The fetcher no longer calls
 * it: a ring for one of its VMMs is answered at once with {@code SledUnreachable}, which the
 * reconciler applies as {@code failed} ({@code sled_expunged}), as omicron never contacts an expunged
 * sled. Written only when true, so a record of an active sled reads the same as before the field.
 */
public record SledRecord(
        @JsonProperty(value = "sled_id", required = true) UUID sledId,
        @JsonProperty(value = "address", required = true) URI address,
        @JsonProperty("api_versions") List<String> apiVersions,
        @JsonProperty("expunged") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean expunged) {

    /** An active sled's record. */
    public SledRecord(UUID sledId, URI address, List<String> apiVersions) {
        this(sledId, address, apiVersions, false);
    }

    public SledRecord {
        Objects.requireNonNull(sledId, "sled_id");
        Objects.requireNonNull(address, "address");
        String scheme = address.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || address.getHost() == null) {
            throw new IllegalArgumentException("sled address must be an http(s) URL with a host, was " + address);
        }
        apiVersions = apiVersions == null ? List.of() : List.copyOf(apiVersions);
    }
}
