package dev.doorbell.registry;

/** The registry's compatibility levels, as the Confluent REST API names them. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
}
