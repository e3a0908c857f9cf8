/**
 * What a benchmark scenario writes: {@link ScenarioReport} with its {@link PhaseResult}s, written by
 * {@link ReportWriter} as {@code report.md}, {@code results.json} and PNG charts ({@link Plots}, {@link ChartFile}),
 * with the profile tables of {@link ProfileTables} and any further {@link Table}.
 */
package dev.doorbell.bench.report;
