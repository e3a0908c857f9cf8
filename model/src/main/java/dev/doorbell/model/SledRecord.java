package dev.doorbell.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A sled's entry in the compacted {@code sleds} topic: where its sled-agent API listens and which
 * state API versions it said it speaks when it registered. The state fetcher connects only to
 * addresses from these records.
 */
public record SledRecord(
        @JsonProperty(value = "sled_id", required = true) UUID sledId,
        @JsonProperty(value = "address", required = true) URI address,
        @JsonProperty("api_versions") List<String> apiVersions) {

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
