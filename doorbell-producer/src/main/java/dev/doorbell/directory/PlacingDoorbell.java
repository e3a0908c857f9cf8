package dev.doorbell.directory;

import dev.doorbell.model.Doorbell;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A doorbell that also publishes the VMM's placement on this sled the first time it rings for it:
 * a stand-in for the control plane's placement record when a simulated sled creates VMMs by itself.
 * The fetcher waits a bounded time for a placement that follows its VMM's first ring.
 *
 * <p>Like every {@link Doorbell} it never blocks and never fails for a Kafka problem: placements
 * are sent from a thread of their own (a Kafka send blocks while its producer has no metadata, as
 * during a broker outage, which would otherwise stall the sled that rings), and a placement that
 * could not be sent is sent again a second later until it is acknowledged. The thread ends when
 * idle.
 */
public final class PlacingDoorbell implements Doorbell {

    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Doorbell delegate;
    private final DirectoryPublisher directory;
    private final UUID sledId;
    private final Set<UUID> placed = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor placer;

    public PlacingDoorbell(Doorbell delegate, DirectoryPublisher directory, UUID sledId) {
        this.delegate = delegate;
        this.directory = directory;
        this.sledId = sledId;
        this.placer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("doorbell-placer").factory());
        placer.setKeepAliveTime(10, TimeUnit.SECONDS);
        placer.allowCoreThreadTimeOut(true);
    }

    @Override
    public void ring(UUID vmmId) {
        if (placed.add(vmmId)) {
            placer.execute(() -> place(vmmId));
        }
        delegate.ring(vmmId);
    }

    private void place(UUID vmmId) {
        try {
            directory.publishPlacement(vmmId, sledId).whenComplete((ok, error) -> {
                if (error != null) {
                    placeLater(vmmId);
                }
            });
        } catch (IllegalStateException e) {
            // the directory's producer is closed: this sled is shutting down
        } catch (RuntimeException e) {
            placeLater(vmmId); // e.g. no metadata within max.block.ms
        }
    }

    private void placeLater(UUID vmmId) {
        placer.schedule(() -> place(vmmId), RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }
}
