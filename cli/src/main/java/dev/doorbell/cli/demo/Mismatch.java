package dev.doorbell.cli.demo;

import java.util.UUID;

/** A VMM whose database row differs from its sled's state. */
public record Mismatch(String label, UUID vmm, String database, String sled) {

    @Override
    public String toString() {
        return label + " VMM " + vmm + ": database " + database + ", sled " + sled;
    }
}
