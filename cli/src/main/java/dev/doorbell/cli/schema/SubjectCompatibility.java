package dev.doorbell.cli.schema;

import dev.doorbell.registry.CompatibilityLevel;
import dev.doorbell.registry.SchemaRegistryClient;

/** {@code doorbell schema compat}: a subject's compatibility level, shown or set. The subject must exist. */
public record SubjectCompatibility(SchemaRegistryClient registry, RegistryCatalog catalog) {

    /** E.g. {@code vmm.states-value: FULL_TRANSITIVE}. */
    public String show(String subject) {
        SubjectListing.versionsOf(registry, catalog, subject);
        return subject + ": " + catalog.levelOf(registry, subject).describe();
    }

    /** Sets the level; e.g. {@code vmm.states-value: FULL_TRANSITIVE → BACKWARD}. */
    public String set(String subject, CompatibilityLevel level) {
        SubjectListing.versionsOf(registry, catalog, subject);
        SubjectLevel before = catalog.levelOf(registry, subject);
        CompatibilityLevel after = registry.setCompatibility(subject, level);
        return subject + ": " + before.describe() + " → " + after;
    }
}
