package dev.doorbell.assembly;

import dev.doorbell.model.Doorbell;
import dev.doorbell.producer.DoorbellPublisher;
import dev.doorbell.sledsim.SledSimConfig;
import dev.doorbell.sledsim.SledSimulator;
import java.net.URI;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * How a {@link Pipeline} builds each simulated sled: its configuration, the doorbell it rings
 * (by default the sled's own Kafka {@link DoorbellPublisher}), and the address it registers with
 * the control API (by default its own).
 */
public interface SledWiring {

    /** The simulator's configuration for the sled {@code sledId}. */
    SledSimConfig config(UUID sledId);

    /** The doorbell the sled rings; {@code publisher} is closed with the pipeline. */
    default Doorbell doorbell(UUID sledId, DoorbellPublisher publisher) {
        return publisher;
    }

    /**
     * The address the sled registers; anything it opens on the way (a proxy) goes to {@code owner},
     * which closes it with the pipeline.
     */
    default URI address(SledSimulator sled, Consumer<AutoCloseable> owner) {
        return URI.create(sled.baseUrl());
    }
}
