/**
 * The directory the state fetcher resolves addresses from, written to the compacted {@code sleds} and
 * {@code vmm.placements} topics by {@link DirectoryPublisher}. {@link PlacingDoorbell} publishes a placement
 * the first time it rings for a VMM: a stand-in for the control plane when a simulated sled creates VMMs itself.
 */
package dev.doorbell.directory;
