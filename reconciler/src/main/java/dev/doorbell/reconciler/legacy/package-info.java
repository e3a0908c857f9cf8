/**
 * The {@code direct-upcall} baseline, omicron today: {@link DirectUpcallApi} takes the sled's full state on
 * {@code PUT /v1/legacy/vmms/{id}} and applies it straight to the database, without Kafka. Only the benchmark
 * uses it, as the floor the doorbell is compared against.
 */
package dev.doorbell.reconciler.legacy;
