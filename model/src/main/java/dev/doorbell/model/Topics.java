package dev.doorbell.model;

/** The pipeline's Kafka topics (see docs/DESIGN.md, "Topics"). */
public final class Topics {
    /** Body-less doorbells, key = VMM id text, value = null. */
    public static final String DOORBELLS = "vmm.doorbells";
    /** Dead letters of the doorbell stream: original key and value, reason and origin in headers. */
    public static final String DOORBELLS_DLQ = "vmm.doorbells.dlq";
    /** Avro {@code VmmStateObservation}s, key = VMM id text. */
    public static final String STATES = "vmm.states";
    /** Dead letters of the observation stream. */
    public static final String STATES_DLQ = "vmm.states.dlq";
    /** Compacted: key = VMM id text, value = sled id text. */
    public static final String PLACEMENTS = "vmm.placements";
    /** Compacted: key = sled id text, value = {@link SledRecord} JSON. */
    public static final String SLEDS = "sleds";

    private Topics() {}
}
