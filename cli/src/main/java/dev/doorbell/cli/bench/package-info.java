/**
 * The options and actions of {@code doorbell bench} and its scenarios ({@link BenchLatencyCommand},
 * {@link BenchBurstCommand}, {@link BenchScaleCommand}, {@link BenchMixedCommand}; without a scenario
 * {@link BenchSuite}). {@link BenchRunner} does what every scenario needs around its run: servers, the results
 * directory and the summary. The scenarios themselves live in the bench module.
 */
package dev.doorbell.cli.bench;
