/**
 * {@code doorbell bench scale}: the pipeline holding ever more VMMs with the watcher's sweeps on; for each fleet
 * size the background cost and the highest sustained rate in each mode. Entry point {@link ScaleBench}; one
 * fleet size's figures are a {@link ScaleStep}.
 */
package dev.doorbell.bench.scale;
