/**
 * {@code doorbell bench burst}: each VMM changes state k times within t milliseconds, in every delivery mode,
 * to show what pulling saves: fetches per burst against the bound 2 + t / interval, sled requests and CPU per change.
 * Entry point {@link BurstBench}; {@link BurstShape} is one kind of burst.
 */
package dev.doorbell.bench.burst;
