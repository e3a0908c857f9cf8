package dev.doorbell.schemas;

import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a subject's whole version history into a registry, oldest first, under
 * {@code FULL_TRANSITIVE}: the registry then refuses any later version that breaks an older one.
 * Idempotent: registering content that is already there returns its existing id.
 */
public final class SchemaGovernance {

    private SchemaGovernance() {}

    /** Returns the registry ids of the versions, oldest first. */
    public static List<Integer> registerHistory(SchemaRegistryClient registry, SchemaHistory history) {
        registry.setCompatibility(history.subject(), CompatibilityLevel.FULL_TRANSITIVE);
        List<Integer> ids = new ArrayList<>();
        for (SchemaVersion version : history.versions()) {
            ids.add(registry.register(history.subject(), PortableSchema.of(version.schema())));
        }
        return ids;
    }
}
