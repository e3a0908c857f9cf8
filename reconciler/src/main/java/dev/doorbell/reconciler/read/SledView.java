package dev.doorbell.reconciler.read;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered sled: its sled-agent address, the state API versions it speaks, and active / off / expunged. */
public record SledView(
        @JsonProperty("id") UUID id,
        @JsonProperty("address") String address,
        @JsonProperty("api_versions") List<String> apiVersions,
        @JsonProperty("state") String state,
        @JsonProperty("time_registered") Instant timeRegistered,
        @JsonProperty("time_modified") Instant timeModified) {

    public SledView {
        apiVersions = List.copyOf(apiVersions);
    }
}
