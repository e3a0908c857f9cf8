package dev.doorbell.model;

/**
 * Checks for generation numbers: omicron's {@code Generation} is a {@code uint64} with minimum 0 on
 * the wire (the sled-agent OpenAPI document), so 0 is accepted although omicron starts counting at 1;
 * here a generation is at most 2^63-1 (a non-negative {@code long}).
 */
final class Generations {
    private Generations() {
    }

    static long require(long gen) {
        if (gen < 0) {
            throw new IllegalArgumentException("gen must be >= 0, was " + gen);
        }
        return gen;
    }
}
