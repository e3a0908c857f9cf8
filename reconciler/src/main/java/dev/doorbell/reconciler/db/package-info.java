/**
 * The reconciler's database: {@link Database} is a connection pool on any PostgreSQL-wire database, migrated
 * on open by {@link Migrations}, the versioned SQL files under {@code db/migration} applied in order under an
 * advisory lock.
 */
package dev.doorbell.reconciler.db;
