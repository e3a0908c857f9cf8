package dev.doorbell.producer;

/**
 * Header names of a {@code vmm.doorbells} record. The record's key is the VMM id and its value
 * is null: headers are metadata for tracing and measurement, never a place the fetcher reads an
 * address or a state from.
 */
public final class DoorbellHeaders {
    /** {@link DoorbellSource#wireName()}. */
    public static final String SOURCE = "source";
    /** The ringing sled's UUID, when a sled rang. */
    public static final String SLED_ID = "sled-id";
    /** Epoch microseconds of the first ring this record stands for, as decimal text. */
    public static final String RUNG_AT = "rung-at";
    /** How many rings this record stands for (the publisher coalesces), as decimal text. */
    public static final String RINGS = "rings";

    private DoorbellHeaders() {}
}
