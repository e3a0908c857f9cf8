/**
 * A simulated sled-agent. {@link SledSimulator} wires one sled from a {@link SledSimConfig}: the {@link Sled}
 * holding its VMMs as immutable {@link Vmm} snapshots stepped by {@link VmmLifecycle}, its versioned HTTP API
 * ({@link SledApi}, versions by {@link ApiVersionNegotiator}, errors as dropshot writes them), its notifier
 * (told of each change as a {@link StateChangeListener}, by {@link NotifyMode}) and optionally a
 * {@link LoadDriver} that makes changes at a fixed rate. Migrations between sleds go through
 * {@link MigrationPeers}.
 */
package dev.doorbell.sledsim;
