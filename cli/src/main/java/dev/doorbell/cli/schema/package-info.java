/**
 * The work behind {@code doorbell schema}: {@link HistoryCheck} (each local version against the registry, field by
 * field through {@link RegistryDisagreement}), {@link SubjectListing}, {@link SubjectCompatibility} and
 * {@link HistoryDiff} ({@link SchemaDiff}); {@link LocalHistories} finds the local histories and
 * {@link RegistryCatalog} adds the registry reads the schemas module's client lacks.
 */
package dev.doorbell.cli.schema;
