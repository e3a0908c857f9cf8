package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** Optional body of {@code POST /v1/instances/{id}/start}: the sled to start on (else the least loaded active one). */
public record StartRequest(@JsonProperty("sled_id") UUID sledId) {
}
