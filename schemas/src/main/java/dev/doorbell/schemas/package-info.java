/**
 * Schema histories and their governance: a {@link SchemaHistory} is every version of a subject
 * ({@link SchemaVersion}); {@link CompatibilityGate} checks it {@code FULL_TRANSITIVE} at build time
 * ({@link GateRun}, with {@link ReaderWriterCheck} locating each incompatibility down to the field), and
 * {@link SchemaGovernance} registers it in a registry, oldest first. The Avro classes generated from the
 * newest version live in {@code dev.doorbell.schemas.avro}.
 */
package dev.doorbell.schemas;
