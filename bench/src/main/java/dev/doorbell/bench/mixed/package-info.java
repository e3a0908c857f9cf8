/**
 * {@code doorbell bench mixed}: a fleet where half the sleds speak only API version 1.0.0, an online update half
 * done, in every delivery mode, each half reported on its own. Entry point {@link MixedBench}.
 */
package dev.doorbell.bench.mixed;
