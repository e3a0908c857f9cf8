package dev.doorbell.sledsim;

/** How a sled advances VMMs through intermediate states. */
public enum SteppingMode {
    /** Each step happens by itself, a configured delay after the previous change. */
    AUTO,
    /** A step happens only when asked ({@code POST /vmms/{id}/poke}, {@link Sled#poke}). */
    EXPLICIT
}
