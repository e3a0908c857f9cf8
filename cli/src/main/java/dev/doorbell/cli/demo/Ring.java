package dev.doorbell.cli.demo;

import java.time.Instant;
import java.util.UUID;

/** A doorbell read from {@code vmm.doorbells}: which VMM, when it was (first) rung and by whom. */
public record Ring(UUID vmm, Instant rungAt, String source) {}
