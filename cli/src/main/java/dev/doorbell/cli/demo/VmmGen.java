package dev.doorbell.cli.demo;

import java.util.UUID;

/** One generation of one VMM's state. */
public record VmmGen(UUID vmm, long gen) {}
