package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code PUT /v1/sleds/{id}}: the sled-agent's base URL and the state API versions it speaks. */
public record SledRegistration(
        @JsonProperty(value = "address", required = true) String address,
        @JsonProperty("api_versions") List<String> apiVersions) {
}
