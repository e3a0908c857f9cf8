/**
 * A client of the Confluent schema-registry REST API (Confluent's registry, Apicurio's {@code ccompat} API):
 * {@link SchemaRegistryClient} implements what a serde needs ({@link SchemaRegistry}) and the governance calls,
 * over {@link RegistryHttp}, configured by {@link RegistryConfig}. Failures are typed
 * {@link RegistryException}s: unreachable is worth retrying, the others are answers.
 */
package dev.doorbell.registry;
