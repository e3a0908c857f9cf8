package dev.doorbell.cli.demo;

import java.net.URI;

/** Where the demo runs: the reconciler's base URL, the broker and the registry (Confluent-compatible URL). */
public record DemoTarget(URI controlUrl, String bootstrapServers, String registryUrl, String doorbellTopic, String statesTopic) {}
