package dev.doorbell.reconciler.apply;

import java.time.Duration;

/**
 * What a {@link ObservationRebuild} replayed.
 *
 * @param records      records read, up to the end offsets captured at the start
 * @param vmmRowsChanged VMM row changes applied
 * @param skipped      records skipped (tombstones, states newer than this reader)
 * @param rejected     undeserializable records (the live consumer dead-lettered them; the rebuild only counts them)
 * @param refused      observations refused whole (see {@link ObservationRebuild}): counted, never retried
 * @param took         wall-clock time
 */
public record RebuildReport(long records, long vmmRowsChanged, long skipped, long rejected, long refused, Duration took) {}
