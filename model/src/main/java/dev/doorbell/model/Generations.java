package dev.doorbell.model;

/** Checks for generation numbers: they start at 1 and never exceed 2^63-1 (a positive {@code long}). */
final class Generations {
    private Generations() {
    }

    static long require(long gen) {
        if (gen < 1) {
            throw new IllegalArgumentException("gen must be >= 1, was " + gen);
        }
        return gen;
    }
}
