package dev.doorbell.reconciler.control;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /v1/instances}. */
public record InstanceCreate(@JsonProperty(value = "name", required = true) String name) {
}
